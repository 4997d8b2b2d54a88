using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Portal;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.OnlineBooking;

public sealed record BookablePet(Guid Id, string Name, Species Species);

/// <summary>What the booking page offers the signed-in tutor. <see cref="Enabled"/> false: the hospital
/// switched online booking off (or allows no type), and nothing else is filled.</summary>
public sealed record BookingOptions(
    bool Enabled,
    IReadOnlyList<BookablePet> Pets,
    IReadOnlyList<AppointmentType> Types,
    IReadOnlyList<AgendaColumn> Veterinarians,
    DateOnly Today,
    DateOnly LastDay);

/// <summary>A tutor's booking: <see cref="VeterinarianId"/> null is "any veterinarian";
/// <see cref="Start"/> is a time the portal offered (the hospital's wall clock).</summary>
public sealed class OnlineBookingInput
{
    public Guid PetId { get; set; }

    public AppointmentType Type { get; set; }

    public Guid? VeterinarianId { get; set; }

    public DateTime Start { get; set; }
}

/// <summary>One of the tutor's appointments as the portal shows it (times in the hospital's zone).
/// <see cref="CanConfirm"/>/<see cref="CanCancel"/>: the tutor may still do it here (status and cut-off);
/// <see cref="PastCutoff"/>: an open appointment too close to change here (the tutor calls the hospital).</summary>
public sealed record PortalAppointment(
    Guid Id,
    DateTime Start,
    DateTime End,
    string PetName,
    AppointmentType Type,
    AppointmentStatus Status,
    string VeterinarianName,
    bool BookedOnline,
    bool CanConfirm,
    bool CanCancel,
    bool PastCutoff);

public sealed record PortalAppointments(IReadOnlyList<PortalAppointment> Upcoming, IReadOnlyList<PortalAppointment> Past, int CancelCutoffHours, bool BookingEnabled);

/// <summary>The home page's card: the next appointment (if any) and whether the "Book" button shows.</summary>
public sealed record NextAppointment(PortalAppointment? Appointment, bool BookingEnabled);

/// <summary>The tutor's appointments in the portal: free times on the agenda's rules, booking, confirming
/// and cancelling. The tutor is always the signed-in one (<see cref="PortalAccess"/>); another tutor's pet
/// or appointment is answered as a missing one. Booking and cancelling go through the desk's own core
/// (<see cref="AgendaService"/>), so the slot rows keep a tutor and the desk from holding the same time.</summary>
public sealed class OnlineBookingService(
    ClinicDbFactory dbFactory,
    PortalAccess access,
    AgendaService agenda,
    HospitalTime hospitalTime,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>How soon the earliest online booking may start: the hospital gets time to see it.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromHours(1);

    /// <summary>The longest range one free-time search covers.</summary>
    public const int MaxSearchDays = 31;

    /// <summary>How many past appointments the portal lists.</summary>
    public const int PastShown = 50;

    /// <summary>A tutor may confirm or cancel until <paramref name="cutoffHours"/> before the start, inclusive.</summary>
    public static bool BeforeCutoff(DateTime startUtc, DateTime nowUtc, int cutoffHours) => nowUtc <= startUtc.AddHours(-cutoffHours);

    /// <summary>How long an appointment booked online takes: the length the desk's booking form gives the type.</summary>
    public static int DurationOf(AppointmentType type) => AgendaLook.DefaultDuration(type);

    /// <summary>The booking page's choices; null when the actor is not a portal tutor.</summary>
    public async Task<BookingOptions?> OptionsAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var portal = await OnlineBookingSettingsService.ReadAsync(db, ct);
        var today = hospitalTime.Today;
        var types = Enum.GetValues<AppointmentType>().Where(portal.AllowsOnline).ToList();
        if (types.Count == 0)
        {
            return new BookingOptions(false, [], [], [], today, today);
        }

        var pets = await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId && !p.Deceased).OrderBy(p => p.Name)
            .Select(p => new BookablePet(p.Id, p.Name, p.Species)).ToListAsync(ct);
        var vets = await agenda.VeterinariansAsync(ct);
        return new BookingOptions(true, pets, types, vets, today, LastDay(portal));
    }

    /// <summary>The free times of <paramref name="days"/> days from <paramref name="from"/> (cut to today and
    /// the horizon) for <paramref name="type"/> with <paramref name="veterinarianId"/> (null: any veterinarian).
    /// One query for the slot rows of the range; the rest is <see cref="FreeTimes"/>.</summary>
    public async Task<IReadOnlyList<FreeDay>> FreeTimesAsync(AppointmentType type, Guid? veterinarianId, DateOnly from, int days, CancellationToken ct = default)
    {
        await access.RequireTutorIdAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var portal = await AllowedAsync(db, type, ct);
        var vets = await BookableVetsAsync(db, veterinarianId, ct);
        var today = hospitalTime.Today;
        var first = from < today ? today : from;
        var last = from.AddDays(Math.Clamp(days, 1, MaxSearchDays) - 1);
        if (last > LastDay(portal))
        {
            last = LastDay(portal);
        }

        if (first > last || vets.Count == 0)
        {
            return [];
        }

        var settings = await AgendaService.SettingsAsync(db, ct);
        var held = await HeldAsync(db, vets, hospitalTime.StartOfDayUtc(first), hospitalTime.StartOfDayUtc(last.AddDays(1)), ct);
        return FreeTimes.Compute(settings, DurationOf(type), first, last, hospitalTime.UtcNow + Lead, hospitalTime.Zone, vets, held);
    }

    /// <summary>Books a time the portal offered, for one of the tutor's own live pets, re-checking every
    /// rule here (booking on, type allowed, the time on the grid, inside the hours and the horizon, not
    /// past) and booking through the desk's core. "Any veterinarian": the least busy of those free that
    /// day; should another booking take that time first, the next free one. When nobody is left (or the
    /// chosen veterinarian was just taken): <c>Booking.Error.Taken</c>.</summary>
    public async Task<Guid> BookAsync(OnlineBookingInput input, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        if (!Enum.IsDefined(input.Type))
        {
            throw new DomainRuleException("Booking.Error.TypeNotAllowed");
        }

        var duration = DurationOf(input.Type);
        List<Guid> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var portal = await AllowedAsync(db, input.Type, ct);
            if (!await db.Pets.AnyAsync(p => p.Id == input.PetId && p.TutorId == tutorId && !p.Deceased, ct))
            {
                throw new PortalNotFoundException();
            }

            var settings = await AgendaService.SettingsAsync(db, ct);
            var start = DateTime.SpecifyKind(input.Start, DateTimeKind.Unspecified);
            if (!FreeTimes.IsOffered(settings, duration, start, hospitalTime.Zone, hospitalTime.UtcNow + Lead, LastDay(portal)))
            {
                throw new DomainRuleException("Booking.Error.TimeNotOffered");
            }

            var vets = await BookableVetsAsync(db, input.VeterinarianId, ct);
            var day = DateOnly.FromDateTime(start);
            var held = await HeldAsync(db, vets, hospitalTime.StartOfDayUtc(day), hospitalTime.StartOfDayUtc(day.AddDays(1)), ct);
            var startUtc = hospitalTime.ToUtc(start);

            // The day's least busy first, so "any veterinarian" spreads the tutors over the team.
            candidates = vets.Where(v => FreeTimes.IsFree(held, v, startUtc, duration))
                .OrderBy(v => held.Count(h => h.ResourceId == v))
                .ToList();
        }

        foreach (var vet in candidates)
        {
            try
            {
                return await agenda.BookCoreAsync(new BookingInput
                {
                    PetId = input.PetId,
                    VeterinarianId = vet,
                    Type = input.Type,
                    Start = input.Start,
                    DurationMinutes = duration,
                    Source = AppointmentSource.Portal,
                }, tutorId, nameHolder: false, ct);
            }
            catch (DomainRuleException e) when (e.Message == "Agenda.Error.SlotTaken")
            {
                // Taken between the look and the save (the desk, another tutor): the next free one.
            }
        }

        throw new DomainRuleException("Booking.Error.Taken");
    }

    /// <summary>The tutor's open appointments to come, soonest first, and the past (and cancelled) ones,
    /// latest first; null when the actor is not a portal tutor.</summary>
    public async Task<PortalAppointments?> AppointmentsAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var portal = await OnlineBookingSettingsService.ReadAsync(db, ct);
        var now = hospitalTime.UtcNow;
        var mine = db.Appointments.AsNoTracking().Where(a => a.TutorId == tutorId);
        var upcoming = await ProjectAsync(db, Open(mine).Where(a => a.End > now).OrderBy(a => a.Start).Take(100), portal, now, ct);
        var past = await ProjectAsync(db, mine.Where(a => a.End <= now || (a.Status != AppointmentStatus.Scheduled && a.Status != AppointmentStatus.Confirmed
                && a.Status != AppointmentStatus.CheckedIn && a.Status != AppointmentStatus.InProgress))
            .OrderByDescending(a => a.Start).Take(PastShown), portal, now, ct);
        return new PortalAppointments(upcoming, past, portal.CancelCutoffHours, BookingEnabled(portal));
    }

    /// <summary>The home card: the tutor's next open appointment; null when the actor is not a portal tutor.</summary>
    public async Task<NextAppointment?> NextAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var portal = await OnlineBookingSettingsService.ReadAsync(db, ct);
        var now = hospitalTime.UtcNow;
        var next = await ProjectAsync(db, Open(db.Appointments.AsNoTracking().Where(a => a.TutorId == tutorId)).Where(a => a.End > now).OrderBy(a => a.Start).Take(1), portal, now, ct);
        return new NextAppointment(next.Count > 0 ? next[0] : null, BookingEnabled(portal));
    }

    /// <summary>The tutor confirms they will come; until the cut-off. Confirming again changes nothing.</summary>
    public Task ConfirmAsync(Guid appointmentId, CancellationToken ct = default) =>
        ChangeAsync(appointmentId, AppointmentStatus.Confirmed, null, ct);

    /// <summary>The tutor cancels; until the cut-off. The slot is freed as the desk frees it (the agenda's
    /// status core, with whatever other areas record with a cancellation); without a reason, a standard one.</summary>
    public Task CancelAsync(Guid appointmentId, string? reason, CancellationToken ct = default) =>
        ChangeAsync(appointmentId, AppointmentStatus.Cancelled, TypedText.Clean(reason) ?? l["Booking.CancelReasonDefault"].Value, ct);

    private async Task ChangeAsync(Guid appointmentId, AppointmentStatus to, string? reason, CancellationToken ct)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var appointment = await db.Appointments.Include(a => a.Slots).FirstOrDefaultAsync(a => a.Id == appointmentId && a.TutorId == tutorId, ct)
            ?? throw new PortalNotFoundException();
        if (appointment.Status == to)
        {
            return;
        }

        var portal = await OnlineBookingSettingsService.ReadAsync(db, ct);
        if (!CanChange(appointment.Status, to))
        {
            throw new DomainRuleException("Booking.Error.CannotChange");
        }

        if (!BeforeCutoff(appointment.Start, hospitalTime.UtcNow, portal.CancelCutoffHours))
        {
            throw new DomainRuleException("Booking.Error.Cutoff", portal.CancelCutoffHours);
        }

        await agenda.ApplyStatusAsync(db, appointment, to, reason, AppointmentSource.Portal, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The desk changed it at the same moment: the tutor sees the page reload with what it is now.
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await agenda.StatusChangedAsync(appointment);
    }

    private static bool CanChange(AppointmentStatus from, AppointmentStatus to) =>
        to == AppointmentStatus.Confirmed ? from == AppointmentStatus.Scheduled
            : from is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed;

    private static IQueryable<Appointment> Open(IQueryable<Appointment> query) =>
        query.Where(a => a.Status == AppointmentStatus.Scheduled || a.Status == AppointmentStatus.Confirmed
            || a.Status == AppointmentStatus.CheckedIn || a.Status == AppointmentStatus.InProgress);

    private async Task<IReadOnlyList<PortalAppointment>> ProjectAsync(ClinicDbContext db, IQueryable<Appointment> query, PortalSettings portal, DateTime now, CancellationToken ct)
    {
        var rows = await (from a in query
                          join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                          select new
                          {
                              a.Id,
                              a.Start,
                              a.End,
                              Pet = p.Name,
                              a.Type,
                              a.Status,
                              Vet = db.Users.Where(u => u.Id == a.VeterinarianId).Select(u => u.DisplayName).FirstOrDefault(),
                              a.Source,
                          }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var before = r.End > now && BeforeCutoff(r.Start, now, portal.CancelCutoffHours);
            var open = r.End > now && r.Status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed;
            return new PortalAppointment(
                r.Id, hospitalTime.ToLocal(r.Start), hospitalTime.ToLocal(r.End), r.Pet, r.Type, r.Status, r.Vet ?? "",
                r.Source == AppointmentSource.Portal,
                CanConfirm: before && r.Status == AppointmentStatus.Scheduled,
                CanCancel: before && open,
                PastCutoff: open && !before);
        }).ToList();
    }

    /// <summary>The portal settings, once it is known the type may be booked online.</summary>
    private static async Task<PortalSettings> AllowedAsync(ClinicDbContext db, AppointmentType type, CancellationToken ct)
    {
        var portal = await OnlineBookingSettingsService.ReadAsync(db, ct);
        if (!portal.OnlineBookingEnabled)
        {
            throw new DomainRuleException("Booking.Error.Off");
        }

        if (!portal.AllowsOnline(type))
        {
            throw new DomainRuleException("Booking.Error.TypeNotAllowed");
        }

        return portal;
    }

    /// <summary>The veterinarians a tutor may book (the agenda's: active users in the role), or the one
    /// asked for if they are one of them.</summary>
    private static async Task<IReadOnlyList<Guid>> BookableVetsAsync(ClinicDbContext db, Guid? veterinarianId, CancellationToken ct)
    {
        var vets = (await AgendaService.VeterinariansAsync(db, ct)).Select(v => v.Id).ToList();
        if (veterinarianId is not { } chosen)
        {
            return vets;
        }

        return vets.Contains(chosen) ? [chosen] : throw new DomainRuleException("Booking.Error.Veterinarian");
    }

    /// <summary>The slot rows of <paramref name="vets"/> in [from, to): the agenda's truth about who is busy.</summary>
    private static async Task<IReadOnlySet<(Guid ResourceId, DateTime Start)>> HeldAsync(ClinicDbContext db, IReadOnlyList<Guid> vets, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var slots = db.AppointmentSlots.AsNoTracking().Where(s => s.Start >= fromUtc && s.Start < toUtc);
        if (vets.Count == 1)
        {
            // One vet (the usual search): a range of the primary key, reading only the start.
            var vet = vets[0];
            var starts = await slots.Where(s => s.ResourceId == vet).Select(s => s.Start).ToListAsync(ct);
            return starts.Select(start => (vet, start)).ToHashSet();
        }

        var rows = await slots.Where(s => vets.Contains(s.ResourceId)).Select(s => new { s.ResourceId, s.Start }).ToListAsync(ct);
        return rows.Select(r => (r.ResourceId, r.Start)).ToHashSet();
    }

    private DateOnly LastDay(PortalSettings portal) => hospitalTime.Today.AddDays(portal.BookingHorizonDays);

    private static bool BookingEnabled(PortalSettings portal) =>
        portal.OnlineBookingEnabled && Enum.GetValues<AppointmentType>().Any(portal.AllowsOnline);
}
