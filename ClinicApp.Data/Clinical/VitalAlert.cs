using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

/// <summary>An emergency raised by critical vitals, shown to every vet and nurse of the hospital until
/// someone acknowledges it.</summary>
public sealed class VitalAlert : Entity
{
    public Guid VitalSignsId { get; set; }

    public Guid PetId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public DateTime RaisedAt { get; set; }

    /// <summary>The critical values, e.g. "TemperatureC=41.2;HeartRate=220" (invariant culture).</summary>
    public required string Values { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }

    public string? AcknowledgedByName { get; set; }
}
