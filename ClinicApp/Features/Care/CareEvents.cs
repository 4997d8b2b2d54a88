namespace ClinicApp.Features.Care;

public enum CareChange
{
    Admitted,
    BedMoved,
    StatusChanged,
    PriorityChanged,
    Discharged,
    PrescriptionChanged,
    AdministrationRecorded,
    VitalsRecorded,
    NoteAdded,
    ExamChanged,
}

/// <summary>Published on the hospital's bus after anything of a stay changes (DOMAIN.md: "board changed",
/// "administration recorded"); the board, the RAM panel and the stay's page reload what they show.
/// <see cref="HospitalizationId"/> is null for a pet not in hospital (an outpatient exam, say).</summary>
public sealed record CareChanged(Guid? HospitalizationId, Guid PetId, CareChange Change);

/// <summary>Critical vitals: every vet and nurse screen of the hospital shows the alert until acknowledged.</summary>
public sealed record VitalsAlertRaised(Guid AlertId, Guid PetId, Guid? HospitalizationId);

/// <summary>An alert was acknowledged: the screens showing it take it down.</summary>
public sealed record VitalsAlertAcknowledged(Guid AlertId);

/// <summary>A notification for one user (exam result ready…): their bell counts it.</summary>
public sealed record NotificationRaised(Guid UserId, Guid NotificationId);
