using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Ram;

public sealed class CareSettingsInput
{
    public int DoseToleranceMinutes { get; set; } = 30;

    /// <summary>Shift start times as typed: "07:00, 13:00, 19:00".</summary>
    public string ShiftStarts { get; set; } = "";

    public static CareSettingsInput From(CareSettings settings) => new()
    {
        DoseToleranceMinutes = settings.DoseToleranceMinutes,
        ShiftStarts = string.Join(", ", settings.Shifts().Select(s => s.ToString("HH:mm", CultureInfo.InvariantCulture))),
    };
}

/// <summary>The hospitalization area's rules (Admin): how late a dose may be given and still be on
/// time, and when nursing shifts start.</summary>
public sealed class CareSettingsService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    public const int MinTolerance = 5;
    public const int MaxTolerance = 240;
    public const int MaxShifts = 6;

    public async Task<CareSettings> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SettingsAsync(db, ct);
    }

    public async Task SaveAsync(CareSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (input.DoseToleranceMinutes is < MinTolerance or > MaxTolerance)
        {
            throw new DomainRuleException("CareSettings.Error.Tolerance", MinTolerance, MaxTolerance);
        }

        var shifts = ParseShifts(input.ShiftStarts);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.CareSettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new CareSettings();
            db.CareSettings.Add(settings);
        }

        settings.DoseToleranceMinutes = input.DoseToleranceMinutes;
        settings.ShiftStarts = string.Join(',', shifts.Select(s => s.ToString("HH:mm", CultureInfo.InvariantCulture)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
    }

    /// <summary>"07:00, 13:00,19:00" → the distinct times in order; 1 to <see cref="MaxShifts"/> of them, each HH:mm.</summary>
    public static IReadOnlyList<TimeOnly> ParseShifts(string? text)
    {
        var parts = (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var times = new List<TimeOnly>();
        foreach (var part in parts)
        {
            if (!TimeOnly.TryParseExact(part, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new DomainRuleException("CareSettings.Error.ShiftFormat", part);
            }

            times.Add(time);
        }

        var distinct = times.Distinct().Order().ToList();
        if (distinct.Count is < 1 or > MaxShifts || distinct.Count != times.Count)
        {
            throw new DomainRuleException("CareSettings.Error.ShiftCount", MaxShifts);
        }

        return distinct;
    }

    internal static async Task<CareSettings> SettingsAsync(ClinicDbContext db, CancellationToken ct) =>
        await db.CareSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new CareSettings();
}
