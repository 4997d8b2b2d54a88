using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.OnlineBooking;

/// <summary>What the Admin sets about online booking (the rest of <see cref="PortalSettings"/> belongs to other areas).</summary>
public sealed class OnlineBookingSettingsInput
{
    public bool Enabled { get; set; }

    public HashSet<AppointmentType> Types { get; set; } = [];

    public int HorizonDays { get; set; }

    public int CancelCutoffHours { get; set; }

    public static OnlineBookingSettingsInput From(PortalSettings settings) => new()
    {
        Enabled = settings.OnlineBookingEnabled,
        Types = Enum.GetValues<AppointmentType>().Where(t => (settings.OnlineBookingTypes & PortalSettings.TypeBit(t)) != 0).ToHashSet(),
        HorizonDays = settings.BookingHorizonDays,
        CancelCutoffHours = settings.CancelCutoffHours,
    };
}

/// <summary>Published after the Admin changes the online-booking settings: open portal screens reload
/// (a type no longer offered disappears, "booking is off" shows).</summary>
public sealed record PortalSettingsChanged;

/// <summary>The hospital's online-booking settings: whether tutors may book in the portal, which
/// appointment types, how far ahead, and until when before an appointment they may confirm or cancel
/// it. The single <see cref="PortalSettings"/> row is read with its defaults until the first save creates it.</summary>
public sealed class OnlineBookingSettingsService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalEvents events)
{
    public const int MinHorizonDays = 1;
    public const int MaxHorizonDays = 180;
    public const int MaxCancelCutoffHours = 168;

    public async Task<PortalSettings> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadAsync(db, ct);
    }

    public async Task SaveAsync(OnlineBookingSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (input.HorizonDays is < MinHorizonDays or > MaxHorizonDays)
        {
            throw new DomainRuleException("OnlineBooking.Error.Horizon", MinHorizonDays, MaxHorizonDays);
        }

        if (input.CancelCutoffHours is < 0 or > MaxCancelCutoffHours)
        {
            throw new DomainRuleException("OnlineBooking.Error.Cutoff", 0, MaxCancelCutoffHours);
        }

        if (input.Types.Any(t => !Enum.IsDefined(t)))
        {
            throw new DomainRuleException("Agenda.Error.Type");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.PortalSettings.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new PortalSettings();
            db.PortalSettings.Add(settings);
        }

        settings.OnlineBookingEnabled = input.Enabled;
        settings.OnlineBookingTypes = input.Types.Aggregate(0, (bits, type) => bits | PortalSettings.TypeBit(type));
        settings.BookingHorizonDays = input.HorizonDays;
        settings.CancelCutoffHours = input.CancelCutoffHours;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await events.PublishAsync(new PortalSettingsChanged());
    }

    /// <summary>The hospital's row, or the defaults before anyone saved. Should two first saves race
    /// and make two rows, everyone reads (and the next save changes) the same, oldest one.</summary>
    internal static async Task<PortalSettings> ReadAsync(ClinicDbContext db, CancellationToken ct) =>
        await db.PortalSettings.AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).FirstOrDefaultAsync(ct) ?? new PortalSettings();
}
