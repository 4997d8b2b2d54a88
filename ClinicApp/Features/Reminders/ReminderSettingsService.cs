using System.Globalization;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Reminders;

/// <summary>The reminder rules an admin edits (the Twilio account lives on the integrations page).</summary>
public sealed class ReminderSettingsInput
{
    public bool RemindersEnabled { get; set; } = true;

    /// <summary>Hours before the start, comma-separated as typed ("24, 2").</summary>
    public string? LeadHours { get; set; } = "24, 2";

    public int VaccinationLeadDays { get; set; } = 7;

    public TimeSpan? QuietFrom { get; set; } = new(21, 0, 0);

    public TimeSpan? QuietUntil { get; set; } = new(8, 0, 0);

    public int AttendanceReportHour { get; set; } = 19;
}

/// <summary>The reminder part of the hospital's <see cref="MessagingSettings"/> row (Admin). A save
/// touches only these fields — the Twilio account in the same row is another page's — and then
/// re-registers the hospital's recurring jobs, so a new report hour or reminders turned off apply at once.</summary>
public sealed class ReminderSettingsService(ClinicDbFactory dbFactory, CurrentActor actor, TenantContext tenant, HospitalSchedules schedules)
{
    public const int MaxLeadTimes = 4;
    public const int MaxLeadHours = 168;
    public const int MaxVaccinationLeadDays = 60;

    public async Task<ReminderSettingsInput> GetAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.MessagingSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new MessagingSettings();
        return new ReminderSettingsInput
        {
            RemindersEnabled = settings.RemindersEnabled,
            LeadHours = string.Join(", ", LeadHours(settings.ReminderLeadHours)),
            VaccinationLeadDays = settings.VaccinationLeadDays,
            QuietFrom = settings.QuietFrom.ToTimeSpan(),
            QuietUntil = settings.QuietUntil.ToTimeSpan(),
            AttendanceReportHour = settings.AttendanceReportHour,
        };
    }

    public async Task SaveAsync(ReminderSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var leads = ParseLeadHours(input.LeadHours);
        if (input.VaccinationLeadDays is < 0 or > MaxVaccinationLeadDays)
        {
            throw new DomainRuleException("Reminders.Error.VaccinationDays", MaxVaccinationLeadDays);
        }

        if (input.AttendanceReportHour is < 0 or > 23)
        {
            throw new DomainRuleException("Reminders.Error.ReportHour");
        }

        if (input.QuietFrom is not { } from || input.QuietUntil is not { } until
            || from < TimeSpan.Zero || from >= TimeSpan.FromDays(1) || until < TimeSpan.Zero || until >= TimeSpan.FromDays(1))
        {
            throw new DomainRuleException("Reminders.Error.QuietHours");
        }

        // The row is a singleton under a fixed key: a second admin (or the Twilio card) inserting at the
        // same moment makes this insert fail on the key; the retry updates the row they wrote.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var settings = await db.MessagingSettings.FirstOrDefaultAsync(s => s.Id == MessagingSettings.SingletonId, ct);
            if (settings is null)
            {
                settings = new MessagingSettings();
                db.MessagingSettings.Add(settings);
            }

            settings.RemindersEnabled = input.RemindersEnabled;
            settings.ReminderLeadHours = string.Join(",", leads.Select(h => h.ToString(CultureInfo.InvariantCulture)));
            settings.VaccinationLeadDays = input.VaccinationLeadDays;
            settings.QuietFrom = TimeOnly.FromTimeSpan(from);
            settings.QuietUntil = TimeOnly.FromTimeSpan(until);
            settings.AttendanceReportHour = input.AttendanceReportHour;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (attempt == 0 && (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e)))
            {
                // Read the row the other save wrote and apply ours over it once.
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }
        }

        await schedules.ScheduleAsync(tenant.Tenant, ct);
    }

    /// <summary>The lead hours as typed: whole hours 1–168, at most four, none twice; empty = no
    /// appointment reminders. Sorted from the longest.</summary>
    public static IReadOnlyList<int> ParseLeadHours(string? text)
    {
        var parts = (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hours = new List<int>();
        foreach (var part in parts)
        {
            var number = part.EndsWith('h') ? part[..^1] : part;
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxLeadHours)
            {
                throw new DomainRuleException("Reminders.Error.LeadHours", part, MaxLeadHours);
            }

            if (hours.Contains(value))
            {
                throw new DomainRuleException("Reminders.Error.LeadRepeated", value);
            }

            hours.Add(value);
        }

        if (hours.Count > MaxLeadTimes)
        {
            throw new DomainRuleException("Reminders.Error.TooManyLeads", MaxLeadTimes);
        }

        return [.. hours.OrderDescending()];
    }

    /// <summary>The stored lead hours; a value that is not a valid lead (written by hand) is left out.</summary>
    public static IReadOnlyList<int> LeadHours(string? stored) =>
        [.. (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : 0)
            .Where(h => h is >= 1 and <= MaxLeadHours)
            .Distinct()
            .OrderDescending()];
}
