using MudBlazor;

namespace ClinicApp.Features.Conversations;

/// <summary>How a message's state looks on the messages page and the tutor page: ✓ sent, ✓✓ delivered,
/// blue ✓✓ read (as WhatsApp shows them), ⚠ failed.</summary>
public static class MessageLook
{
    public static string Icon(MessageState state) => state switch
    {
        MessageState.Scheduled => Icons.Material.Filled.Schedule,
        MessageState.Kept => Icons.Material.Filled.Outbox,
        MessageState.Sent => Icons.Material.Filled.Check,
        MessageState.Delivered or MessageState.Read => Icons.Material.Filled.DoneAll,
        MessageState.Failed => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Block,
    };

    public static Color Color(MessageState state) => state switch
    {
        MessageState.Read => MudBlazor.Color.Info,
        MessageState.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
