using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Jobs;

namespace ClinicApp.Features.Reminders;

/// <summary>The hospital's reminder scan every five minutes, in its own Hangfire job per hospital;
/// not scheduled while the hospital has reminders turned off.</summary>
public sealed class ReminderJob(TwilioAccounts accounts, ReminderScan scan, TimeProvider time) : IHospitalRecurringJob
{
    public const string JobName = "reminders";

    public string Name => JobName;

    public async Task<string?> CronAsync(CancellationToken ct) =>
        (await accounts.SettingsAsync(ct)).RemindersEnabled ? "*/5 * * * *" : null;

    public Task RunAsync(CancellationToken ct) => scan.RunAsync(time.GetUtcNow().UtcDateTime, ct);
}
