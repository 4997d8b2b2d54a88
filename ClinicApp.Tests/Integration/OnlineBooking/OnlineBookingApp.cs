using System.Security.Claims;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Integration.OnlineBooking;

/// <summary>One app (no demo hospitals) for the online-booking tests: online booking changes hospital-wide
/// settings (switched off, types, horizon), so these tests book in hospitals of their own — a shared one
/// where each test brings its own vets and tutors, and a new one for a test that changes the settings.</summary>
public sealed class OnlineBookingApp : IAsyncLifetime
{
    private int _count;

    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

    /// <summary>The hospital tests share (default settings: Mon–Sat 08:00–19:00, 15-minute grid, São Paulo).</summary>
    public string Slug { get; private set; } = "";

    public async Task InitializeAsync() => Slug = await NewHospitalAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task<string> NewHospitalAsync()
    {
        var slug = $"reserva{Interlocked.Increment(ref _count)}{Random.Shared.Next(1000, 9999)}";
        await App.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        return slug;
    }

    /// <summary>The tutor's online booking as of <paramref name="utcNow"/> (the hospital's clock for its
    /// rules: lead time, horizon, cut-off); the agenda underneath keeps the real clock.</summary>
    public static OnlineBookingService BookingAt(AsyncServiceScope tutor, DateTime utcNow)
    {
        var services = tutor.ServiceProvider;
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc)));
        return ActivatorUtilities.CreateInstance<OnlineBookingService>(services, new HospitalTime(services.GetRequiredService<TenantContext>(), clock));
    }

    public static OnlineBookingService Booking(AsyncServiceScope tutor) => tutor.ServiceProvider.GetRequiredService<OnlineBookingService>();

    /// <summary>Saves the online-booking settings as the hospital's Admin.</summary>
    public async Task SetAsync(string slug, bool enabled = true, AppointmentType[]? types = null, int horizonDays = 30, int cutoffHours = 12)
    {
        await using var admin = await Desk.AsAsync(App, slug, Roles.Admin);
        await admin.Services.GetRequiredService<OnlineBookingSettingsService>().SaveAsync(new OnlineBookingSettingsInput
        {
            Enabled = enabled,
            Types = [.. types ?? [AppointmentType.Consultation, AppointmentType.Return, AppointmentType.Vaccination]],
            HorizonDays = horizonDays,
            CancelCutoffHours = cutoffHours,
        });
    }

    /// <summary>A scope acting as a staff member with no tutor record (their portal is empty).</summary>
    public async Task<AsyncServiceScope> StaffScopeAsync(string slug, string role = Roles.Receptionist)
    {
        var scope = App.Services.GetRequiredService<TenantScopes>().Create(await App.HospitalAsync(slug), "test");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, "staff@test"), new Claim(ClaimTypes.Role, role)], "test")));
        return scope;
    }
}

[CollectionDefinition(Name)]
public sealed class OnlineBookingCollection : ICollectionFixture<OnlineBookingApp>
{
    public const string Name = "online-booking";
}
