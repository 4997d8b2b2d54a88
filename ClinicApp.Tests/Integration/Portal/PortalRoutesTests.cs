using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Common;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>Every portal route — pages and downloads, found in the app's own route table, so a new
/// one is covered the day it is added — answers a signed-in tutor "not found" for any id that is not
/// theirs: the rows of other tutors of the hospital (pets, appointments, invoices, payments, stays,
/// prescriptions, exams and their files, bulletins, exports) and staff-only rows (beds, wards,
/// medications, users).</summary>
[Collection(AppCollection.Name)]
public sealed partial class PortalRoutesTests(AppFixture fixture)
{
    [Fact]
    public async Task Every_portal_route_answers_not_found_for_ids_of_other_tutors_and_of_staff()
    {
        var me = await PortalTutors.CreateAsync(fixture.App, "aurora");
        using var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", me.Email, TestUsers.Password)).StatusCode);
        var (singles, pairs) = await OthersIdsAsync(me);

        var routes = PortalRoutes().ToList();
        Assert.Contains("/portal/pets/{petId:guid}/vaccination-card.pdf", routes);
        Assert.Contains("/portal/exams/{examId:guid}/files/{fileId:guid}", routes);
        var leaks = new List<string>();
        var asked = 0;
        foreach (var route in routes)
        {
            var parameters = Parameter().Count(route);
            IEnumerable<Guid[]> values = parameters switch
            {
                0 => [],
                1 => singles.Select(id => new[] { id }),
                _ => pairs.Select(p => new[] { p.Parent, p.Child }).Append([me.PetId, singles[0]]),
            };
            foreach (var ids in values)
            {
                var index = 0;
                var path = "aurora" + Parameter().Replace(route, _ => ids[index++].ToString());
                var response = await http.GetAsync(path);
                asked++;
                var notFound = response.StatusCode == HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.OK
                        && (await response.Content.ReadAsStringAsync()).Contains("data-testid=\"portal-not-found\"", StringComparison.Ordinal));
                if (!notFound)
                {
                    leaks.Add($"{path} → {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(asked > 100, $"only {asked} requests");
        Assert.True(leaks.Count == 0, "not refused: " + string.Join(", ", leaks.Take(20)));

        // The same routes do answer with the tutor's own rows (the refusals above are not a broken route).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"aurora/portal/pets/{me.PetId}/vaccination-card.pdf")).StatusCode);
        var ownPage = await (await http.GetAsync($"aurora/portal/pets/{me.PetId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"portal-not-found\"", ownPage, StringComparison.Ordinal);
    }

    /// <summary>Every GET route mapped under /portal that takes an id.</summary>
    private IEnumerable<string> PortalRoutes() =>
        fixture.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is not { } methods || methods.Contains("GET"))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/portal/", StringComparison.Ordinal) && Parameter().IsMatch(r))
            .Distinct()
            .Order(StringComparer.Ordinal);

    private async Task<(List<Guid> Singles, List<(Guid Parent, Guid Child)> Pairs)> OthersIdsAsync(PortalTutor me)
    {
        await using var scope = fixture.App.Services.GetRequiredService<TenantScopes>().Create(await fixture.App.HospitalAsync("aurora"), "test");
        await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        var others = db.Tutors.IgnoreQueryFilters().Where(t => t.Id != me.TutorId).Select(t => t.Id);
        var singles = new List<Guid>();
        singles.AddRange(await db.Pets.IgnoreQueryFilters().Where(p => others.Contains(p.TutorId)).OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToListAsync());
        singles.AddRange(await db.Appointments.Where(a => others.Contains(a.TutorId)).OrderBy(a => a.Id).Select(a => a.Id).Take(3).ToListAsync());
        singles.AddRange(await db.Invoices.Where(i => others.Contains(i.TutorId)).OrderBy(i => i.Id).Select(i => i.Id).Take(3).ToListAsync());
        singles.AddRange(await db.Hospitalizations.Where(h => others.Contains(h.TutorId)).OrderBy(h => h.Status).ThenBy(h => h.Id).Select(h => h.Id).Take(4).ToListAsync());
        singles.AddRange(await db.Prescriptions.OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToListAsync());
        singles.AddRange(await db.ExamRequests.Where(e => others.Contains(e.TutorId)).OrderBy(e => e.Id).Select(e => e.Id).Take(3).ToListAsync());
        singles.AddRange(await db.StayBulletins.OrderBy(b => b.Id).Select(b => b.Id).Take(2).ToListAsync());
        singles.AddRange(await db.TutorDataExports.Where(e => e.TutorId != me.TutorId).OrderBy(e => e.Id).Select(e => e.Id).Take(2).ToListAsync());
        singles.AddRange(await db.Beds.OrderBy(b => b.Id).Select(b => b.Id).Take(2).ToListAsync());
        singles.AddRange(await db.Wards.OrderBy(w => w.Id).Select(w => w.Id).Take(1).ToListAsync());
        singles.AddRange(await db.Medications.OrderBy(m => m.Id).Select(m => m.Id).Take(1).ToListAsync());
        singles.AddRange(await db.Users.OrderBy(u => u.Id).Select(u => u.Id).Take(2).ToListAsync());
        singles.Add(Guid.NewGuid());

        var pairs = new List<(Guid, Guid)>();
        pairs.AddRange((await db.Payments.Where(p => db.Invoices.Any(i => i.Id == p.InvoiceId && others.Contains(i.TutorId))).OrderBy(p => p.Id).Select(p => new { p.InvoiceId, p.Id }).Take(3).ToListAsync()).Select(p => (p.InvoiceId, p.Id)));
        pairs.AddRange((await db.ExamFiles.OrderBy(f => f.Id).Select(f => new { f.ExamRequestId, f.Id }).Take(3).ToListAsync()).Select(f => (f.ExamRequestId, f.Id)));
        pairs.Add((Guid.NewGuid(), Guid.NewGuid()));
        Assert.True(singles.Count > 25, $"the demo gave {singles.Count} ids");
        return (singles, pairs);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
