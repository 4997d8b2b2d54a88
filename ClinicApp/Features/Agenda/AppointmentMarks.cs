using ClinicApp.Data;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Infrastructure.Realtime;
using MudBlazor;

namespace ClinicApp.Features.Agenda;

/// <summary>A small sign another area puts on an appointment's card and in its dialog (Conversations: the
/// WhatsApp reminder state): an icon, its colour, what it means (the tooltip, in the reader's language) and
/// since when (hospital time). <see cref="ReplacesStatus"/>: it already says the status (confirmed by the
/// tutor), so the card shows it instead of the status icon. <see cref="Href"/>: where to act on it (the
/// tutor's messages, for who may resend), shown in the dialog.</summary>
public sealed record AppointmentMark(string State, string Icon, Color Color, string Text, DateTime? At = null, bool ReplacesStatus = false, string? Href = null);

/// <summary>Gives the marks of the appointments the agenda shows. Declared here and filled by the area that
/// knows (see docs/decisions/009), so the agenda shows reminder states without depending on messaging.</summary>
public interface IAppointmentMarks
{
    /// <summary>The marks of the appointments the agenda's own query selects (its indexed time range, or one
    /// id), read on its context in one query for all of them (never one per card); an appointment without
    /// a mark is absent.</summary>
    Task<IReadOnlyDictionary<Guid, AppointmentMark>> ForAsync(ClinicDbContext db, IQueryable<Appointment> appointments, CancellationToken ct);

    /// <summary>Makes <paramref name="view"/> reload when the mark of an appointment for which
    /// <paramref name="shows"/> is true may have changed (cheap: it runs on the publisher's flow).</summary>
    void Listen(LiveView view, Func<Guid, bool> shows);
}
