using ClinicApp.Data.Portal;

namespace ClinicApp.Features.Privacy;

/// <summary>The resource key of each value the privacy screens and documents name.</summary>
public static class PrivacyTexts
{
    public static string Purpose(ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.Reminders => "Consent.Purpose.Reminders",
        _ => "Consent.Purpose.Marketing",
    };

    public static string Channel(ConsentChannel channel) => channel switch
    {
        ConsentChannel.Portal => "Consent.Channel.Portal",
        ConsentChannel.WhatsApp => "Consent.Channel.WhatsApp",
        _ => "Consent.Channel.Desk",
    };

    public static string Status(ErasureStatus status) => status switch
    {
        ErasureStatus.Pending => "Erasure.Status.Pending",
        ErasureStatus.Approved => "Erasure.Status.Approved",
        _ => "Erasure.Status.Refused",
    };

    public static string Origin(ErasureOrigin origin) => origin switch
    {
        ErasureOrigin.Portal => "Erasure.Origin.Portal",
        _ => "Erasure.Origin.Desk",
    };

    public static string Export(TutorDataExportStatus status) => status switch
    {
        TutorDataExportStatus.Queued => "MyData.Export.Queued",
        TutorDataExportStatus.Running => "MyData.Export.Running",
        TutorDataExportStatus.Ready => "MyData.Export.Ready",
        TutorDataExportStatus.Failed => "MyData.Export.Failed",
        _ => "MyData.Export.Expired",
    };
}
