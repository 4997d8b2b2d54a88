using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

public enum AppointmentType
{
    Consultation,
    Return,
    Vaccination,
    Exam,
    Surgery,
}

public enum AppointmentStatus
{
    Scheduled,
    Confirmed,
    CheckedIn,
    InProgress,
    Completed,
    Cancelled,
    NoShow,
}

public enum AppointmentSource
{
    FrontDesk,
    WhatsApp,
    Api,

    /// <summary>The tutor, in the portal ("booked online").</summary>
    Portal,
}

/// <summary>A booking of a veterinarian (and optionally a room) for a pet. Its status follows
/// <see cref="AppointmentWorkflow"/>; while it is not cancelled, it owns one
/// <see cref="AppointmentSlot"/> per <see cref="SlotMinutes"/> minutes of its vet's and room's time,
/// whose primary key makes an overlapping booking impossible in the database itself.</summary>
public sealed class Appointment : Entity
{
    /// <summary>The granularity of booked time: starts and durations are multiples of it.</summary>
    public const int SlotMinutes = 5;

    public const int MaxDurationMinutes = 8 * 60;

    public Guid PetId { get; set; }

    public Pet? Pet { get; set; }

    public Guid TutorId { get; set; }

    public Tutor? Tutor { get; set; }

    public Guid VeterinarianId { get; set; }

    public Guid? RoomId { get; set; }

    public AppointmentType Type { get; set; }

    /// <summary>UTC.</summary>
    public DateTime Start { get; private set; }

    /// <summary>UTC; <see cref="Start"/> + <see cref="DurationMinutes"/>, stored for range queries.</summary>
    public DateTime End { get; private set; }

    public int DurationMinutes { get; private set; }

    public AppointmentStatus Status { get; private set; } = AppointmentStatus.Scheduled;

    public DateTime StatusChangedAt { get; private set; }

    public DateTime? CheckedInAt { get; private set; }

    public string? CancellationReason { get; private set; }

    /// <summary>Who cancelled: the desk (<see cref="AppointmentSource.FrontDesk"/>) or the tutor by a
    /// WhatsApp reply (<see cref="AppointmentSource.WhatsApp"/>); null while not cancelled.</summary>
    public AppointmentSource? CancelledVia { get; private set; }

    public string? Notes { get; set; }

    public AppointmentSource Source { get; set; }

    public List<AppointmentSlot> Slots { get; set; } = [];

    /// <summary>Sets the time, checking its shape (aligned to the slot grid, 5 min to 8 h).</summary>
    public void SetTime(DateTime startUtc, int durationMinutes)
    {
        if (startUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Appointment times are UTC.", nameof(startUtc));
        }

        if (durationMinutes < SlotMinutes || durationMinutes > MaxDurationMinutes || durationMinutes % SlotMinutes != 0)
        {
            throw new DomainRuleException("Agenda.Error.Duration", SlotMinutes, MaxDurationMinutes / 60);
        }

        if (startUtc.Ticks % TimeSpan.FromMinutes(SlotMinutes).Ticks != 0)
        {
            throw new DomainRuleException("Agenda.Error.StartAlignment", SlotMinutes);
        }

        if (StatusChangedAt != default && !AppointmentWorkflow.CanReschedule(Status))
        {
            throw new DomainRuleException("Agenda.Error.CannotMove");
        }

        Start = startUtc;
        DurationMinutes = durationMinutes;
        End = startUtc.AddMinutes(durationMinutes);
    }

    /// <summary>Moves the appointment along its workflow; a transition the workflow does not allow throws.</summary>
    public void ChangeStatus(AppointmentStatus to, DateTime atUtc, string? reason = null, AppointmentSource via = AppointmentSource.FrontDesk)
    {
        if (!AppointmentWorkflow.CanChange(Status, to))
        {
            throw new DomainRuleException("Agenda.Error.Transition", $"Appointment.Status.{Status}", $"Appointment.Status.{to}");
        }

        if (to == AppointmentStatus.Cancelled)
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new DomainRuleException("Agenda.Error.CancelReason");
            }

            CancellationReason = reason.Trim();
            CancelledVia = via;
        }

        if (to == AppointmentStatus.CheckedIn)
        {
            CheckedInAt = atUtc;
        }

        Status = to;
        StatusChangedAt = atUtc;
    }

    /// <summary>Marks a new appointment's first status time.</summary>
    public void Open(DateTime atUtc) => StatusChangedAt = atUtc;

    /// <summary>Whether this appointment holds its vet's and room's time.</summary>
    public bool HoldsTime => Status != AppointmentStatus.Cancelled;

    /// <summary>The (resource, slot start) pairs this appointment must own, none when cancelled.</summary>
    public IEnumerable<(Guid ResourceId, DateTime Start)> RequiredSlots()
    {
        if (!HoldsTime)
        {
            yield break;
        }

        for (var t = Start; t < End; t = t.AddMinutes(SlotMinutes))
        {
            yield return (VeterinarianId, t);
            if (RoomId is { } room)
            {
                yield return (room, t);
            }
        }
    }

    /// <summary>Brings <see cref="Slots"/> in line with <see cref="RequiredSlots"/>, keeping the rows
    /// that stay (deleting and re-adding a row with the same key in one save is not possible).</summary>
    public void SyncSlots()
    {
        var required = RequiredSlots().ToHashSet();
        Slots.RemoveAll(s => !required.Contains((s.ResourceId, s.Start)));
        var held = Slots.Select(s => (s.ResourceId, s.Start)).ToHashSet();
        foreach (var (resource, start) in required.Where(r => !held.Contains(r)))
        {
            Slots.Add(new AppointmentSlot { AppointmentId = Id, ResourceId = resource, Start = start });
        }
    }
}
