using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Demo;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>The issue's figures for the board and the RAM, measured against the real app in Release:
/// (1) the server render of <c>/board</c> and <c>/ram</c> with 300 patients and ~40,000 doses, over HTTP;
/// (2) the live fan-out from a nurse's "given" click to 20 open boards in real Chromium, and the managed
/// memory each open board costs the server. Not part of the test run (Category=Benchmark): run with
/// <c>scripts/bench-care.sh</c>, which prints the figures.</summary>
[Trait("Category", "Benchmark")]
public sealed class CareBenchmarks(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClinicAppFactory _app = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Board_and_ram_server_render_with_300_patients()
    {
        const int runs = 200;
        var slug = $"load{Random.Shared.Next(10000, 99999)}";
        var provisioning = _app.Services.GetRequiredService<HospitalProvisioning>();
        var hospital = (await provisioning.AddAsync(slug, "Load", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password)).Tenant;
        await provisioning.EnsureUserAsync(hospital, $"vet@{slug}.vet", "Dra. Carga", [Roles.Veterinarian], ClinicAppFactory.Password);
        await provisioning.EnsureUserAsync(hospital, $"nurse@{slug}.vet", "Enf. Carga", [Roles.Nurse], ClinicAppFactory.Password);
        int doses;
        await using (var scope = _app.Services.GetRequiredService<TenantScopes>().Create(hospital, "bench"))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var staff = await db.Users.Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync();
            var vet = staff.Single(s => s.Email!.StartsWith("vet", StringComparison.Ordinal));
            var nurse = staff.Single(s => s.Email!.StartsWith("nurse", StringComparison.Ordinal));
            var time = scope.ServiceProvider.GetRequiredService<HospitalTime>();
            var data = await ClinicalDemo.SeedLoadAsync(db, 300, [new(vet.Id, vet.DisplayName)], new(nurse.Id, nurse.DisplayName), time.UtcNow, time.Zone, default);
            doses = data.Administrations.Count;
        }

        using var http = new Http(_app.BaseUrl);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await http.SignInAsync(slug, $"nurse@{slug}.vet")).StatusCode);
        output.WriteLine($"hospital {slug}: 300 patients in hospital, {doses} scheduled administrations; {runs} GETs each after 20 warm-up");
        output.WriteLine($"{"page",-12} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"KiB",8} {"state KiB",10}   (* = after a change: the shared board reloaded every time)");
        var bus = _app.Services.GetRequiredService<Infrastructure.Realtime.IEventBus>();
        foreach (var (page, label, fresh) in new[] { ("board", "/board", false), ("board", "/board*", true), ("ram", "/ram", false) })
        {
            var times = new List<double>();
            long bytes = 0;
            long state = 0;
            for (var i = 0; i < runs + 20; i++)
            {
                if (fresh)
                {
                    // As after any change: the shared snapshot is dropped and the board's queries run.
                    await bus.PublishAsync(hospital.Id, new Features.Care.CareChanged(null, Guid.Empty, Features.Care.CareChange.AdministrationRecorded));
                }

                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync($"{slug}/{page}");
                var html = await response.Content.ReadAsStringAsync();
                watch.Stop();
                Assert.True(response.IsSuccessStatusCode, $"{page}: {response.StatusCode}");
                bytes = html.Length;
                state = StateLength(html);
                if (i >= 20)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-12} {Percentile(times, 50),8:F1} {Percentile(times, 95),8:F1} {times.Max(),8:F1} {bytes / 1024,8} {state / 1024,10}"));
        }
    }

    [Fact]
    public async Task Given_clicked_reaches_20_open_boards()
    {
        const int boards = 20;
        const int rounds = 10;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });

        // A patient with a dose an hour for the last rounds + 1 hours: every round gives one late dose.
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await desk.NewStayAsync(await desk.NewPetAsync(), await desk.NewVetAsync(), await desk.NewBedAsync());
        var item = await desk.NewHospitalItemAsync(stay, desk.Time.UtcNow.AddHours(-(rounds + 2)), everyHours: 1, days: 1);
        List<Guid> late;
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            late = await db.MedicationAdministrations.Where(a => a.PrescriptionItemId == item && a.DueAt < desk.Time.UtcNow.AddMinutes(-60))
                .OrderBy(a => a.DueAt).Select(a => a.Id).Take(rounds).ToListAsync();
        }

        var signedIn = await NewContextAsync(null);
        var first = await signedIn.NewPageAsync();
        await first.SignInAsync("aurora", "vet@aurora.vet");
        var state = await signedIn.StorageStateAsync();

        async Task<List<IPage>> OpenBoardsAsync(int count)
        {
            var opened = new List<IPage>();
            for (var i = 0; i < count; i++)
            {
                var page = await (await NewContextAsync(state)).NewPageAsync();
                await page.GotoAsync("aurora/board");
                await page.WaitForLiveAsync();
                await page.Locator($"[data-testid=board-late-{stay}]").WaitForAsync();
                opened.Add(page);
            }

            await Task.Delay(2000);
            return opened;
        }

        var pages = await OpenBoardsAsync(boards);

        var nurse = await (await NewContextAsync(null)).NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync("aurora/ram");
        await nurse.WaitForLiveAsync();

        var delays = new List<double>();
        foreach (var dose in late)
        {
            var selector = $"[data-testid=board-late-{stay}]";
            foreach (var page in pages)
            {
                await page.EvaluateAsync(
                    """
                    sel => {
                      window.__changedAt = null;
                      const initial = document.querySelector(sel)?.textContent;
                      const observer = new MutationObserver(() => {
                        const now = document.querySelector(sel)?.textContent;
                        if (now !== initial) { window.__changedAt = Date.now(); observer.disconnect(); }
                      });
                      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
                    }
                    """,
                    selector);
            }

            var button = nurse.Locator($"[data-testid=ram-given-{dose}]");
            await button.EvaluateAsync("b => b.addEventListener('click', () => window.__clickedAt = Date.now(), { capture: true, once: true })");
            await button.ClickAsync();
            var clickedAt = await nurse.EvaluateAsync<double>("() => window.__clickedAt");
            foreach (var page in pages)
            {
                await page.WaitForFunctionAsync("() => window.__changedAt !== null", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
                delays.Add(await page.EvaluateAsync<double>("() => window.__changedAt") - clickedAt);
            }
        }

        // Memory per circuit as the slope between 20 and 40 open boards: what is paid once (pools, caches,
        // the shared board) is left out, what each open board holds is not.
        Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await OpenBoardsAsync(boards);
        Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        output.WriteLine($"{boards} boards open (vet@aurora.vet), {rounds} doses given on /ram by nurse@aurora.vet: {delays.Count} board updates");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"click → shown on every board: p50 {Percentile(delays, 50):F0} ms, p95 {Percentile(delays, 95):F0} ms, max {delays.Max():F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server managed memory: {(after - before) / 1024.0 / 1024.0:F1} MiB more with {2 * boards} open boards than with {boards} = {(after - before) / 1024.0 / boards:F0} KiB per board circuit"));
        Assert.Equal(boards * rounds, delays.Count);
    }

    /// <summary>The length of the state handed from the prerender to the circuit (an HTML comment).</summary>
    private static int StateLength(string html)
    {
        const string marker = "<!--Blazor-Server-Component-State:";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 ? 0 : html.IndexOf("-->", start, StringComparison.Ordinal) - start - marker.Length;
    }

    private async Task<IBrowserContext> NewContextAsync(string? storageState)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseUrl + "/",
            Locale = "pt-BR",
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Percentile(List<double> values, int p) => BenchmarkTiming.Percentile(values.Order().ToList(), p / 100.0);
}
