using ClinicApp.Features.Agenda;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Features.Conversations;

/// <summary>How reminder states look, in one place for the agenda's cards and the appointment dialog.</summary>
public static class ReminderLook
{
    /// <summary>How a state looks (null: nothing to show). Read ✓✓ is blue as in WhatsApp itself.</summary>
    public static AppointmentMark? Mark(ReminderState state, IStringLocalizer l, HospitalTime time)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(time);
        var (icon, color) = state.Stage switch
        {
            ReminderStage.None => (null, Color.Default),
            ReminderStage.Scheduled => (Icons.Material.Filled.Schedule, Color.Default),
            ReminderStage.Kept => (Icons.Material.Filled.Outbox, Color.Default),
            ReminderStage.Sent => (Icons.Material.Filled.Check, Color.Default),
            ReminderStage.Delivered => (Icons.Material.Filled.DoneAll, Color.Default),
            ReminderStage.Read => (Icons.Material.Filled.DoneAll, Color.Info),
            ReminderStage.Failed => (Icons.Material.Filled.Warning, Color.Warning),
            ReminderStage.Confirmed => (Icons.Material.Filled.EventAvailable, Color.Success),
            ReminderStage.CancelledByTutor => (Icons.Material.Filled.EventBusy, Color.Error),
            ReminderStage.NotReached => (Icons.Material.Filled.PhoneDisabled, Color.Secondary),
            _ => (null, Color.Default),
        };
        if (icon is null)
        {
            return null;
        }

        var text = l[$"ReminderState.{state.Stage}"].Value;
        if (state.ErrorCode is { } code)
        {
            text = $"{text} ({l["ReminderState.ErrorCode"].Value} {code})";
        }

        if (state.Reach is { } reach)
        {
            text = $"{text}: {l[$"ReminderState.Reach.{reach}"].Value}";
        }

        return new AppointmentMark(
            state.Stage.ToString(),
            icon,
            color,
            text,
            state.At is { } at ? time.ToLocal(at) : null,
            ReplacesStatus: state.Stage is ReminderStage.Confirmed or ReminderStage.CancelledByTutor);
    }
}
