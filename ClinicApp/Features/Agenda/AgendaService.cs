using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Agenda;

public sealed record AgendaColumn(Guid Id, string Name);

/// <summary>One appointment as the agenda shows it; times in the hospital's zone.</summary>
public sealed record AgendaItem(
    Guid Id,
    Guid Version,
    DateTime Start,
    DateTime End,
    Guid VeterinarianId,
    Guid? RoomId,
    Guid PetId,
    string PetName,
    Species Species,
    PetAlerts Alerts,
    Guid TutorId,
    string TutorName,
    string? TutorPhone,
    AppointmentType Type,
    AppointmentStatus Status,
    string? Notes,
    string? CancellationReason,
    DateTime? CheckedInAt,
    AppointmentSource Source = AppointmentSource.FrontDesk)
{
    public int DurationMinutes => (int)(End - Start).TotalMinutes;

    public DateOnly Day => DateOnly.FromDateTime(Start);

    /// <summary>The tutor booked it in the portal.</summary>
    public bool BookedOnline => Source == AppointmentSource.Portal;

    /// <summary>Not arrived <paramref name="lateAfterMinutes"/> after the start.</summary>
    public bool IsLate(DateTime nowLocal, int lateAfterMinutes) =>
        Status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed && nowLocal > Start.AddMinutes(lateAfterMinutes);
}

public sealed record AgendaView(
    DateOnly From,
    int Days,
    IReadOnlyList<AgendaColumn> Veterinarians,
    IReadOnlyList<AgendaColumn> Rooms,
    IReadOnlyList<AgendaItem> Items,
    AgendaSettings Settings,
    IReadOnlyDictionary<Guid, AppointmentMark>? Marks = null)
{
    /// <summary>Another area's sign on the appointment (its reminder state), if any.</summary>
    public AppointmentMark? MarkOf(Guid appointmentId) => Marks?.GetValueOrDefault(appointmentId);
}

/// <summary>A booking as the receptionist makes it; <see cref="Start"/> is the hospital's wall clock.</summary>
public sealed class BookingInput
{
    public Guid PetId { get; set; }

    public Guid VeterinarianId { get; set; }

    public Guid? RoomId { get; set; }

    public AppointmentType Type { get; set; }

    public DateTime Start { get; set; }

    public int DurationMinutes { get; set; } = 30;

    public string? Notes { get; set; }

    public AppointmentSource Source { get; set; }
}

/// <summary>The hospital's agenda: reading days and weeks, booking, moving and the status workflow.
/// Overlaps are refused by the database (<see cref="AppointmentSlot"/> keys); this service turns that
/// refusal into a message naming who holds the time.</summary>
public sealed class AgendaService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events, IEnumerable<IAppointmentObserver> observers, IEnumerable<IAppointmentChangeParticipant> participants, IEnumerable<IAppointmentMarks> markSources, ILogger<AgendaService> logger)
{
    public async Task<AgendaView> ViewAsync(DateOnly from, int days, CancellationToken ct = default)
    {
        days = Math.Clamp(days, 1, 31);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await SettingsAsync(db, ct);
        var vets = await VeterinariansAsync(db, ct);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Order).ThenBy(r => r.Name)
            .Select(r => new AgendaColumn(r.Id, r.Name)).ToListAsync(ct);
        var (fromUtc, toUtc) = (hospitalTime.StartOfDayUtc(from), hospitalTime.StartOfDayUtc(from.AddDays(days)));
        var items = await ItemsAsync(db, fromUtc, toUtc, null, ct);
        // The same indexed range as the items: a list of ids would make the database test every appointment.
        var marks = items.Count == 0 ? null : await MarksAsync(db, Range(db, fromUtc, toUtc), ct);
        return new AgendaView(from, days, vets, rooms, items, settings, marks);
    }

    /// <summary>One appointment's mark (the appointment dialog's reminder line).</summary>
    public async Task<AppointmentMark?> MarkAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await MarksAsync(db, db.Appointments.Where(a => a.Id == id), ct)).GetValueOrDefault(id);
    }

    /// <summary>Makes an agenda's live view reload when a mark of an appointment it shows changes.</summary>
    public void ListenToMarks(LiveView view, Func<Guid, bool> shows)
    {
        foreach (var source in markSources)
        {
            source.Listen(view, shows);
        }
    }

    private async Task<IReadOnlyDictionary<Guid, AppointmentMark>> MarksAsync(ClinicDbContext db, IQueryable<Appointment> appointments, CancellationToken ct)
    {
        Dictionary<Guid, AppointmentMark>? marks = null;
        foreach (var source in markSources)
        {
            var found = await source.ForAsync(db, appointments, ct);
            marks ??= new(found.Count);
            foreach (var (id, mark) in found)
            {
                marks.TryAdd(id, mark);
            }
        }

        return marks ?? new Dictionary<Guid, AppointmentMark>();
    }

    /// <summary>One veterinarian's appointments of a day (their home page).</summary>
    public async Task<IReadOnlyList<AgendaItem>> DayOfAsync(Guid veterinarianId, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ItemsAsync(db, hospitalTime.StartOfDayUtc(day), hospitalTime.StartOfDayUtc(day.AddDays(1)), veterinarianId, ct);
    }

    public async Task<AgendaItem?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await Project(db, db.Appointments.AsNoTracking().Where(a => a.Id == id)).ToListAsync(ct)).Select(ToItem).FirstOrDefault();
    }

    /// <summary>A pet's or a tutor's appointments, newest first.</summary>
    public async Task<IReadOnlyList<AgendaItem>> HistoryAsync(Guid? petId, Guid? tutorId, int take = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Appointments.AsNoTracking();
        query = petId is { } pet ? query.Where(a => a.PetId == pet) : query.Where(a => a.TutorId == tutorId);
        var rows = await Project(db, query.OrderByDescending(a => a.Start).Take(take)).ToListAsync(ct);
        return rows.Select(ToItem).ToList();
    }

    /// <summary>The room a vet usually works in: the room of most of their appointments of the last
    /// 90 days (active rooms only), the latest breaking a tie; null when they have none.</summary>
    public async Task<Guid?> UsualRoomAsync(Guid veterinarianId, CancellationToken ct = default)
    {
        actor.Require(Roles.FrontDesk);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = hospitalTime.UtcNow.AddDays(-90);
        var used = await db.Appointments.AsNoTracking()
            .Where(a => a.VeterinarianId == veterinarianId && a.RoomId != null && a.Start >= since)
            .Join(db.Rooms.Where(r => r.IsActive), a => a.RoomId, r => (Guid?)r.Id, (a, r) => new { a.RoomId, a.Start })
            .ToListAsync(ct);
        return used.GroupBy(a => a.RoomId).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(a => a.Start)).Select(g => g.Key).FirstOrDefault();
    }

    public async Task<IReadOnlyList<AgendaColumn>> VeterinariansAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await VeterinariansAsync(db, ct);
    }

    public async Task<AgendaSettings> SettingsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SettingsAsync(db, ct);
    }

    public async Task<Guid> BookAsync(BookingInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.FrontDesk);
        return await BookCoreAsync(input, tutorId: null, nameHolder: true, ct);
    }

    /// <summary>The booking itself, for a caller that has already decided who may book what: the desk
    /// (<see cref="BookAsync"/>) and the tutor's online booking, which checks its own rules first and
    /// books through here so both meet the same slot rows. <paramref name="tutorId"/>: the pet must be
    /// this tutor's (the portal); <paramref name="nameHolder"/>: a time someone holds is refused with who
    /// holds it (the desk) or only with <c>Agenda.Error.SlotTaken</c> (a tutor must not learn another
    /// tutor's pet).</summary>
    internal async Task<Guid> BookCoreAsync(BookingInput input, Guid? tutorId, bool nameHolder, CancellationToken ct)
    {
        if (!Enum.IsDefined(input.Type) || !Enum.IsDefined(input.Source))
        {
            throw new DomainRuleException("Agenda.Error.Type");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await SettingsAsync(db, ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PetId && (tutorId == null || p.TutorId == tutorId), ct)
            ?? throw new DomainRuleException("Agenda.Error.PetRequired");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Agenda.Error.PetDeceased", pet.Name);
        }

        var appointment = new Appointment
        {
            PetId = pet.Id,
            TutorId = pet.TutorId,
            Type = input.Type,
            Notes = TypedText.Clean(input.Notes),
            Source = input.Source,
        };
        await PlaceAsync(db, appointment, settings, input.Start, input.DurationMinutes, input.VeterinarianId, input.RoomId, ct);
        appointment.Open(hospitalTime.UtcNow);
        appointment.SyncSlots();
        db.Appointments.Add(appointment);
        await SaveAsync(db, appointment, nameHolder, ct);
        await events.PublishAsync(new AppointmentChanged(appointment.Id, LocalDay(appointment.Start), null, AppointmentChange.Booked, appointment.Status, appointment.TutorId));
        return appointment.Id;
    }

    /// <summary>Moves an appointment (time, length, vet, room) while the patient has not arrived.</summary>
    public async Task RescheduleAsync(Guid id, Guid version, DateTime start, int durationMinutes, Guid veterinarianId, Guid? roomId, CancellationToken ct = default)
    {
        actor.Require(Roles.FrontDesk);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var appointment = await LoadAsync(db, id, version, ct);
        if (!AppointmentWorkflow.CanReschedule(appointment.Status))
        {
            throw new DomainRuleException("Agenda.Error.CannotMove");
        }

        var previousDay = LocalDay(appointment.Start);
        await PlaceAsync(db, appointment, await SettingsAsync(db, ct), start, durationMinutes, veterinarianId, roomId, ct);
        appointment.SyncSlots();
        await ParticipateAsync(db, appointment, ct);
        await SaveAsync(db, appointment, nameHolder: true, ct);
        await events.PublishAsync(new AppointmentChanged(appointment.Id, LocalDay(appointment.Start), previousDay, AppointmentChange.Moved, appointment.Status, appointment.TutorId));
    }

    /// <summary>Moves the appointment along its workflow. Asking for the status it already has does
    /// nothing (a double click, or two desks checking in the same patient).</summary>
    public async Task ChangeStatusAsync(Guid id, AppointmentStatus to, string? reason = null, CancellationToken ct = default)
    {
        actor.Require(to is AppointmentStatus.InProgress or AppointmentStatus.Completed ? Roles.Clinical : Roles.FrontDesk);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var appointment = await db.Appointments.Include(a => a.Slots).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (appointment.Status == to)
        {
            return;
        }

        await ApplyStatusAsync(db, appointment, to, reason, AppointmentSource.FrontDesk, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await fresh.Appointments.AnyAsync(a => a.Id == id && a.Status == to, ct))
            {
                return;
            }

            throw new DomainRuleException("Common.Error.Concurrency");
        }

        if (to == AppointmentStatus.Completed)
        {
            await Observers.NotifyAsync(observers, o => o.AppointmentCompletedAsync(appointment.Id, ct), logger, appointment.Id);
        }

        await StatusChangedAsync(appointment);
    }

    /// <summary>What other areas record with a move or status change, in the same save (reminders of the old time cancelled).</summary>
    private async Task ParticipateAsync(ClinicDbContext db, Appointment appointment, CancellationToken ct)
    {
        foreach (var participant in participants)
        {
            await participant.BeforeSaveAsync(db, appointment, ct);
        }
    }

    /// <summary>The desk's status change (the workflow's rules, the slots a cancel frees, what other
    /// areas record with it such as pending reminders cancelled) applied to an appointment loaded in
    /// <paramref name="db"/>, so that a change with another cause (a tutor's WhatsApp reply) commits
    /// with that cause; the caller checks who may do it, saves, then calls <see cref="StatusChangedAsync"/>.</summary>
    public async Task ApplyStatusAsync(ClinicDbContext db, Appointment appointment, AppointmentStatus to, string? reason, AppointmentSource via, CancellationToken ct)
    {
        appointment.ChangeStatus(to, hospitalTime.UtcNow, reason, via);
        appointment.SyncSlots();
        await ParticipateAsync(db, appointment, ct);
    }

    /// <summary>Tells open agendas, today lists and home pages that a saved appointment changed status.</summary>
    public Task StatusChangedAsync(Appointment appointment) =>
        events.PublishAsync(new AppointmentChanged(appointment.Id, LocalDay(appointment.Start), null, AppointmentChange.StatusChanged, appointment.Status, appointment.TutorId));

    private static async Task<Appointment> LoadAsync(ClinicDbContext db, Guid id, Guid version, CancellationToken ct)
    {
        var appointment = await db.Appointments.Include(a => a.Slots).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (appointment.Version != version)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        return appointment;
    }

    /// <summary>Checks and sets when, with whom and where: not in the past, inside opening hours, an
    /// active veterinarian, an active room.</summary>
    private async Task PlaceAsync(ClinicDbContext db, Appointment appointment, AgendaSettings settings, DateTime start, int durationMinutes, Guid veterinarianId, Guid? roomId, CancellationToken ct)
    {
        var startUtc = hospitalTime.ToUtc(start);
        if (startUtc < hospitalTime.UtcNow.AddMinutes(-settings.SlotMinutes))
        {
            throw new DomainRuleException("Agenda.Error.Past");
        }

        appointment.SetTime(startUtc, durationMinutes);
        var localStart = hospitalTime.ToLocal(appointment.Start);
        var localEnd = hospitalTime.ToLocal(appointment.End);
        if (!settings.IsWorkingDay(localStart.DayOfWeek) || localEnd.Date != localStart.Date
            || TimeOnly.FromDateTime(localStart) < settings.OpensAt || TimeOnly.FromDateTime(localEnd) > settings.ClosesAt)
        {
            throw new DomainRuleException("Agenda.Error.OutsideHours", settings.OpensAt, settings.ClosesAt);
        }

        var isActiveVet = await (from u in db.Users
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where u.Id == veterinarianId && u.IsActive && r.Name == Roles.Veterinarian
                                 select u.Id).AnyAsync(ct);
        if (!isActiveVet)
        {
            throw new DomainRuleException("Agenda.Error.NotAVet");
        }

        if (roomId is { } room && !await db.Rooms.AnyAsync(r => r.Id == room && r.IsActive, ct))
        {
            throw new DomainRuleException("Agenda.Error.Room");
        }

        appointment.VeterinarianId = veterinarianId;
        appointment.RoomId = roomId;
    }

    private async Task SaveAsync(ClinicDbContext db, Appointment appointment, bool nameHolder, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The slot keys refused the time: someone holds it (perhaps saved a moment ago).
            throw nameHolder ? await ConflictAsync(appointment, ct) : new DomainRuleException("Agenda.Error.SlotTaken");
        }
    }

    private async Task<DomainRuleException> ConflictAsync(Appointment appointment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var holders = await db.AppointmentSlots.AsNoTracking()
            .Where(s => (s.ResourceId == appointment.VeterinarianId || s.ResourceId == appointment.RoomId)
                && s.Start >= appointment.Start && s.Start < appointment.End && s.AppointmentId != appointment.Id)
            .Select(s => new { s.ResourceId, s.AppointmentId })
            .FirstOrDefaultAsync(ct);
        if (holders is null)
        {
            return new DomainRuleException("Agenda.Error.SlotTaken");
        }

        var other = await db.Appointments.AsNoTracking().Where(a => a.Id == holders.AppointmentId)
            .Select(a => new { a.Start, a.End, Pet = a.Pet!.Name }).FirstAsync(ct);
        var when = $"{hospitalTime.ToLocal(other.Start):HH:mm}–{hospitalTime.ToLocal(other.End):HH:mm}";
        if (holders.ResourceId == appointment.VeterinarianId)
        {
            var vet = await db.Users.AsNoTracking().Where(u => u.Id == appointment.VeterinarianId).Select(u => u.DisplayName).FirstAsync(ct);
            return new DomainRuleException("Agenda.Error.VetBusy", vet, when, other.Pet);
        }

        var room = await db.Rooms.AsNoTracking().Where(r => r.Id == holders.ResourceId).Select(r => r.Name).FirstAsync(ct);
        return new DomainRuleException("Agenda.Error.RoomBusy", room, when, other.Pet);
    }

    private async Task<IReadOnlyList<AgendaItem>> ItemsAsync(ClinicDbContext db, DateTime fromUtc, DateTime toUtc, Guid? veterinarianId, CancellationToken ct)
    {
        var query = Range(db, fromUtc, toUtc);
        if (veterinarianId is { } vet)
        {
            query = query.Where(a => a.VeterinarianId == vet);
        }

        var rows = await Project(db, query.OrderBy(a => a.Start)).ToListAsync(ct);
        return rows.Select(ToItem).ToList();
    }

    /// <summary>The appointments overlapping [from, to). Start is indexed: bound it on both sides (an
    /// appointment is at most MaxDurationMinutes long).</summary>
    private static IQueryable<Appointment> Range(ClinicDbContext db, DateTime fromUtc, DateTime toUtc)
    {
        var earliest = fromUtc.AddMinutes(-Appointment.MaxDurationMinutes);
        return db.Appointments.AsNoTracking().Where(a => a.Start >= earliest && a.Start < toUtc && a.End > fromUtc);
    }

    private static IQueryable<Row> Project(ClinicDbContext db, IQueryable<Appointment> query) =>
        from a in query
        join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
        join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
        select new Row(a.Id, a.Version, a.Start, a.End, a.VeterinarianId, a.RoomId, p.Id, p.Name, p.Species, p.Alerts,
            t.Id, t.Name, t.Phone, a.Type, a.Status, a.Notes, a.CancellationReason, a.CheckedInAt, a.Source);

    private AgendaItem ToItem(Row r) => new(
        r.Id, r.Version, hospitalTime.ToLocal(r.Start), hospitalTime.ToLocal(r.End), r.VeterinarianId, r.RoomId, r.PetId, r.PetName,
        r.Species, r.Alerts, r.TutorId, r.TutorName, r.TutorPhone, r.Type, r.Status, r.Notes, r.CancellationReason,
        r.CheckedInAt is { } at ? hospitalTime.ToLocal(at) : null, r.Source);

    private DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(hospitalTime.ToLocal(utc));

    internal static async Task<IReadOnlyList<AgendaColumn>> VeterinariansAsync(ClinicDbContext db, CancellationToken ct) =>
        await (from u in db.Users.AsNoTracking()
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Veterinarian && u.IsActive
               orderby u.DisplayName
               select new AgendaColumn(u.Id, u.DisplayName)).ToListAsync(ct);

    internal static async Task<AgendaSettings> SettingsAsync(ClinicDbContext db, CancellationToken ct) =>
        await db.AgendaSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new AgendaSettings();

    private sealed record Row(
        Guid Id, Guid Version, DateTime Start, DateTime End, Guid VeterinarianId, Guid? RoomId, Guid PetId, string PetName, Species Species,
        PetAlerts Alerts, Guid TutorId, string TutorName, string? TutorPhone, AppointmentType Type, AppointmentStatus Status,
        string? Notes, string? CancellationReason, DateTime? CheckedInAt, AppointmentSource Source);
}
