using System.Reflection;
using System.Text.RegularExpressions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RouteAttribute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace ClinicApp.Tests.E2E.Localization;

/// <summary>Every screen of a hospital, opened by an admin in pt-BR, shows no English: none of
/// MudBlazor's own defaults (the medication list's pager said "Rows per page" and "1-16 of 16"), no
/// audited type name on the home page ("Criou · Consultation"), no resource key left untranslated.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PortugueseEverywhereTests(BrowserFixture fixture)
{
    /// <summary>Pages a browser gets without a circuit (sign-in, password, errors): nothing goes live
    /// there. Read from the attribute that makes them static, so a new static page needs no edit here.</summary>
    private static readonly HashSet<string> StaticRoutes = typeof(Program).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<Microsoft.AspNetCore.Components.ExcludeFromInteractiveRoutingAttribute>() is not null)
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template)
        .Concat(["/error", "/not-found"])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>MudBlazor's English defaults as a person reads them (text on screen).</summary>
    private static readonly string[] EnglishTexts =
    [
        "Rows per page", "No matching records", "No records", "Loading", "Select all", "Next page", "Previous page", "First page",
        "Last page", "Clear filter", "Add filter", "Column options", "Browse files", "Drag files here", "Next month", "Previous month",
        "Start date", "End date",
    ];

    /// <summary>The same as labels a screen reader reads (aria-label, title, placeholder), compared whole.</summary>
    private static readonly HashSet<string> EnglishLabels = new(StringComparer.Ordinal)
    {
        "Open", "Close", "Clear", "Increment", "Decrement", "Next", "Previous", "Expand", "Collapse", "Required", "Filter", "Sort",
        "Next page", "Previous page", "First page", "Last page", "Select all", "Select row", "Breadcrumb", "Contents",
    };

    private static readonly string[] AuditedTypeNames =
        ["Consultation", "PrescriptionItem", "Prescription", "Hospitalization", "MedicationAdministration", "ApplicationUser", "InvoiceItem", "VitalSigns", "ExamRequest"];

    [Fact]
    public async Task Every_page_of_a_hospital_speaks_only_portuguese_to_an_admin()
    {
        var paths = Paths(await DemoIdsAsync(), portal: false);
        var page = await fixture.NewPageAsync("pt-BR");
        await page.SignInAsync("aurora", "admin@aurora.vet");

        Assert.Empty(await EnglishOnAsync(page, paths));
    }

    [Fact]
    public async Task Every_portal_page_speaks_only_portuguese_to_the_demo_tutor()
    {
        var paths = Paths(await TutorIdsAsync(), portal: true);
        Assert.Contains(paths, p => p.Route == "/portal/book");
        var page = await fixture.NewPageAsync("pt-BR");
        await page.SignInAsync("aurora", "tutor@aurora.vet");

        Assert.Empty(await EnglishOnAsync(page, paths));
    }

    private static async Task<List<string>> EnglishOnAsync(IPage page, IEnumerable<(string Route, string Path)> paths)
    {
        var keys = ResourceAreas.Files.Where(f => f.Culture == "").SelectMany(f => f.Texts.Keys).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var (route, path) in paths)
        {
            await page.GotoAsync($"aurora{path}");
            if (!StaticRoutes.Contains(route))
            {
                await page.WaitForLiveAsync();
                await SettledAsync(page);
            }

            var text = await page.InnerTextAsync("body");
            var labels = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap(e => ['aria-label','title','placeholder'].map(a => e.getAttribute(a)).filter(v => v))");

            found.AddRange(EnglishTexts.Where(t => text.Contains(t, StringComparison.Ordinal)).Select(t => $"{path}: \"{t}\""));
            found.AddRange(PagerInEnglish().Matches(text).Select(m => $"{path}: \"{m.Value}\""));
            found.AddRange(labels.Where(EnglishLabels.Contains).Distinct().Select(l => $"{path}: label \"{l}\""));
            found.AddRange(keys.Where(k => text.Contains(k, StringComparison.Ordinal)).Select(k => $"{path}: key {k}"));
            if (route == "/")
            {
                found.AddRange(AuditedTypeNames.Where(n => Regex.IsMatch(text, $@"\b{n}\b")).Select(n => $"{path}: type name {n}"));
            }
        }

        return found;
    }

    /// <summary>Every routable page of the app (the portal's or the staff's), its parameters filled with
    /// a record of the demo hospital; a new page with a parameter this test does not know fails here
    /// until it is added.</summary>
    private static List<(string Route, string Path)> Paths(Dictionary<string, Guid> ids, bool portal)
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Where(r => r.StartsWith("/portal", StringComparison.Ordinal) == portal)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(portal ? "/portal" : "/admin/medications", routes);

        return routes.Select(route =>
        {
            var path = Parameter().Replace(route, m =>
            {
                var where = route[..m.Index].TrimEnd('/');
                var owner = where[(where.LastIndexOf('/') + 1)..];
                Assert.True(ids.ContainsKey(owner), $"No demo record for the {{{m.Groups[1].Value}}} of {route}: add one to this test.");
                return ids[owner].ToString();
            });
            return (route, path);
        }).ToList();
    }

    /// <summary>The demo tutor's own records (tutor@aurora.vet): a pet, an invoice, the stay.</summary>
    private async Task<Dictionary<string, Guid>> TutorIdsAsync()
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync("aurora");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutorId = await db.Tutors.Where(t => db.Users.Any(u => u.Id == t.PortalUserId && u.Email == "tutor@aurora.vet")).Select(t => t.Id).SingleAsync();
        var stay = await db.Hospitalizations.AsNoTracking().Where(h => h.TutorId == tutorId).OrderByDescending(h => h.AdmittedAt).FirstAsync();
        return new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["pets"] = stay.PetId,
            ["stays"] = stay.Id,
            ["invoices"] = await db.Invoices.Where(i => i.TutorId == tutorId).OrderByDescending(i => i.Number).Select(i => i.Id).FirstAsync(),
        };
    }

    /// <summary>One record of each kind a page shows, from the seeded demo hospital.</summary>
    private async Task<Dictionary<string, Guid>> DemoIdsAsync()
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync("aurora");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var stay = await db.Hospitalizations.AsNoTracking().Where(h => h.EndedAt == null).OrderBy(h => h.AdmittedAt).FirstAsync();
        return new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["consultations"] = stay.ConsultationId ?? await db.Consultations.Select(c => c.Id).FirstAsync(),
            ["hospitalizations"] = stay.Id,
            ["invoices"] = await db.Invoices.OrderByDescending(i => i.Number).Select(i => i.Id).FirstAsync(),
            ["pets"] = stay.PetId,
            ["tutors"] = stay.TutorId,
        };
    }

    /// <summary>Waits (a little) for the screen's data: skeletons and loading tables gone.</summary>
    private static async Task SettledAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "() => !document.querySelector('.mud-skeleton, .mud-table-loading, .mud-progress-linear')",
                null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // A screen that keeps a progress bar is still checked as it stands.
        }
    }

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\b\d+-\d+ of \d+\b")]
    private static partial Regex PagerInEnglish();
}
