using ClinicApp.Data.Identity;
using Microsoft.EntityFrameworkCore;
using ClinicApp.Tenancy;
using ClinicApp.Data.Billing;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Settings;
using Microsoft.AspNetCore.DataProtection;

namespace ClinicApp.Demo;

/// <summary>The "Demo" section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Create the demo hospitals on start. Unset: yes in Development.</summary>
    public bool? Seed { get; set; }

    public string Password { get; set; } = "Demo@ClinicApp1";

    /// <summary>Months of older history (visits, invoices, stays, doses) before the demo agenda's 90 days, so that
    /// analytics has a year to show; 0 leaves it out (the test app: it costs seconds per hospital).</summary>
    public int HistoryMonths { get; set; } = 12;
}

/// <summary>Two demo hospitals with one user per role, created on first start in Development.
/// Each later area adds its own realistic data here.</summary>
public sealed class DemoData(HospitalProvisioning provisioning, HospitalCatalog catalog, TenantScopes scopes, TimeProvider time, ILogger<DemoData> logger)
{
    public static readonly IReadOnlyList<(string Slug, string Name)> Hospitals =
    [
        ("aurora", "Hospital Veterinário Aurora"),
        ("boavista", "Clínica Veterinária Boa Vista"),
    ];

    private const UserGender F = UserGender.Female;
    private const UserGender M = UserGender.Male;

    // The form of address agrees with each Brazilian name, so the demo shows "Veterinária" and
    // "Enfermeira" beside the women, as the hospital's own users would.
    private static readonly IReadOnlyList<(string Local, string Role, (string Name, UserGender Gender)[] Names)> People =
    [
        ("admin", Roles.Admin, [("Carla Mendes", F), ("Paulo Ribeiro", M)]),
        ("vet", Roles.Veterinarian, [("Dr. Rafael Souza", M), ("Dra. Helena Duarte", F)]),
        ("vet2", Roles.Veterinarian, [("Dra. Beatriz Nogueira", F), ("Dr. Thiago Martins", M)]),
        ("vet3", Roles.Veterinarian, [("Dr. André Carvalho", M), ("Dra. Camila Freitas", F)]),
        ("nurse", Roles.Nurse, [("Juliana Lima", F), ("Marcos Pereira", M)]),
        ("reception", Roles.Receptionist, [("Bruno Alves", M), ("Fernanda Rocha", F)]),
        ("tutor", Roles.Tutor, [("Marina Costa", F), ("Ricardo Nunes", M)]),
    ];

    /// <param name="simulatedPayments">Development: give each demo hospital the simulated Stripe
    /// account (see <see cref="SimulatedCheckout"/>), so a new user can try paying a link end to end.</param>
    /// <param name="historyMonths">See <see cref="DemoOptions.HistoryMonths"/>.</param>
    public async Task SeedAsync(string password, bool simulatedPayments = false, int historyMonths = 0, CancellationToken ct = default)
    {
        var lines = new List<string>();
        for (var h = 0; h < Hospitals.Count; h++)
        {
            var (slug, name) = Hospitals[h];
            var tenant = await catalog.FindBySlugAsync(slug, ct);
            if (tenant is null)
            {
                tenant = (await provisioning.AddAsync(slug, name, $"admin@{slug}.vet", adminPassword: password, adminName: People[0].Names[h].Name, ct: ct, adminGender: People[0].Names[h].Gender)).Tenant;
            }

            foreach (var (local, role, names) in People)
            {
                await provisioning.EnsureUserAsync(tenant, $"{local}@{slug}.vet", names[h].Name, [role], password, ct: ct, gender: names[h].Gender);
                lines.Add($"  http://localhost:5080/{slug}/  {local}@{slug}.vet  ({role})");
            }

            await SeedFrontDeskAsync(tenant, seed: h + 1, historyMonths, ct);
            if (simulatedPayments)
            {
                await SeedSimulatedStripeAsync(tenant, ct);
            }
        }

        logger.LogInformation("Demo sign-ins (password {Password}):{NewLine}{Lines}", password, Environment.NewLine, string.Join(Environment.NewLine, lines));
    }

    /// <summary>The simulated Stripe account, unless the hospital already has an account of its own
    /// (a developer who typed real test keys keeps them).</summary>
    private async Task SeedSimulatedStripeAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var scope = scopes.Create(tenant, "demo");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (settings?.StripeSecretKeyProtected is { Length: > 0 })
        {
            return;
        }

        if (settings is null)
        {
            settings = new IntegrationSettings();
            db.IntegrationSettings.Add(settings);
        }

        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(IntegrationSettingsService.StripePurpose);
        settings.StripeSecretKeyProtected = protector.Protect(SimulatedCheckout.SecretKey);
        settings.StripeWebhookSecretProtected = protector.Protect(SimulatedCheckout.NewWebhookSecret());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo hospital {Hospital} takes online payments through the simulated checkout (Development only)", tenant.Slug);
    }

    /// <summary>Tutors, pets, vaccinations, rooms and three months of agenda, once per hospital; then billing,
    /// clinical care and WhatsApp reminders and replies made from that agenda.</summary>
    private async Task SeedFrontDeskAsync(TenantInfo tenant, int seed, int historyMonths, CancellationToken ct)
    {
        await using var scope = scopes.Create(tenant, "demo");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync(ct);
        if (await db.Tutors.IgnoreQueryFilters().AnyAsync(ct))
        {
            // An earlier version's demo: add the areas it did not have yet.
            await ClinicalDemo.SeedAsync(db, seed, time.GetUtcNow().UtcDateTime, tenant.TimeZone, ct);
            await SeedHistoryAsync(db, tenant, seed, historyMonths, ct);
            await MessagingDemo.SeedAsync(db, tenant, time.GetUtcNow().UtcDateTime, ct);
            await PortalDemo.SeedAsync(db, $"tutor@{tenant.Slug}.vet", time.GetUtcNow().UtcDateTime, tenant.TimeZone, ct);
            return;
        }

        var vets = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name == Roles.Veterinarian
                          orderby u.Email
                          select u.Id).ToListAsync(ct);
        var hospitalTime = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        var data = new FrontDeskDemo(seed).Generate(FrontDeskDemoSize.Demo, vets, hospitalTime.Today, tenant.TimeZone, time.GetUtcNow().UtcDateTime);
        await FrontDeskDemo.SaveAsync(db, data, ct);
        await BillingDemo.SeedAsync(db, seed, time.GetUtcNow().UtcDateTime, ct);
        await ClinicalDemo.SeedAsync(db, seed, time.GetUtcNow().UtcDateTime, tenant.TimeZone, ct);
        await SeedHistoryAsync(db, tenant, seed, historyMonths, ct);
        await MessagingDemo.SeedAsync(db, tenant, time.GetUtcNow().UtcDateTime, ct);
        await PortalDemo.SeedAsync(db, $"tutor@{tenant.Slug}.vet", time.GetUtcNow().UtcDateTime, tenant.TimeZone, ct);
        logger.LogInformation("Demo front desk of {Hospital}: {Tutors} tutors, {Pets} pets, {Appointments} appointments",
            tenant.Slug, data.Tutors.Count, data.Pets.Count, data.Appointments.Count);
    }

    /// <summary>The older history analytics shows (see <see cref="AnalyticsDemo"/>), once per hospital.</summary>
    private async Task SeedHistoryAsync(Data.ClinicDbContext db, TenantInfo tenant, int seed, int months, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (await AnalyticsDemo.SeedAsync(db, seed, months, time.GetUtcNow().UtcDateTime, tenant.TimeZone, ct) > 0)
        {
            logger.LogInformation("Demo history of {Hospital}: {Months} months in {Seconds:F1} s", tenant.Slug, months, watch.Elapsed.TotalSeconds);
        }
    }
}
