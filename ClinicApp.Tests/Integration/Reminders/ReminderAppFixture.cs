using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Reminders;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reminders;

/// <summary>The app without demo data: each test class makes its own hospitals (a time zone, a
/// language, reminder settings of their own), so a scan of one never meets another's appointments.</summary>
public sealed class ReminderAppFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task<string> NewHospitalAsync(string culture = "pt-BR", string timeZone = "America/Sao_Paulo", string prefix = "rem")
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..16];
        await App.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", culture, timeZone, adminPassword: ClinicAppFactory.Password);
        return slug;
    }
}

/// <summary>Builders for a reminder test, acting as an admin of one hospital.</summary>
public static class ReminderData
{
    public static async Task<(Guid TutorId, Guid PetId)> TutorAsync(Desk desk, bool consent = true, bool whatsApp = true, string? phone = null)
    {
        var tutorId = await desk.Tutors.SaveAsync(null, new TutorInput
        {
            Name = $"Tutor {Guid.NewGuid():N}"[..14],
            Cpf = Desk.NewCpf(),
            Phone = phone ?? $"(11) 9{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}",
            WhatsAppOptIn = whatsApp,
            RemindersConsent = consent,
        });
        return (tutorId, await desk.NewPetAsync(tutorId, "Thor"));
    }

    public static Task<ReminderScanResult> ScanAsync(Desk desk, DateTime nowUtc) =>
        desk.Services.GetRequiredService<ReminderScan>().RunAsync(nowUtc);

    public static async Task<List<OutboxMessage>> MessagesAsync(Desk desk, Func<IQueryable<OutboxMessage>, IQueryable<OutboxMessage>> filter)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await filter(db.OutboxMessages.AsNoTracking()).OrderBy(o => o.CreatedAt).ToListAsync();
    }

    public static Task<List<OutboxMessage>> OfAppointmentAsync(Desk desk, Guid appointmentId) =>
        MessagesAsync(desk, q => q.Where(o => o.AppointmentId == appointmentId));

    public static async Task SettingsAsync(Desk desk, Action<ReminderSettingsInput> change)
    {
        var service = desk.Services.GetRequiredService<ReminderSettingsService>();
        await desk.AsAdminAsync(async () =>
        {
            var input = await service.GetAsync();
            change(input);
            await service.SaveAsync(input);
        });
    }

    public static async Task<string> VetNameAsync(Desk desk, Guid vetId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == vetId).Select(u => u.DisplayName).SingleAsync();
    }

    public static Task<Desk> AdminAsync(ReminderAppFixture fixture, string slug) => Desk.AsAsync(fixture.App, slug, Roles.Admin);
}
