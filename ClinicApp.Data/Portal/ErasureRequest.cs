using ClinicApp.Data.Common;

namespace ClinicApp.Data.Portal;

public enum ErasureStatus
{
    Pending,
    Approved,
    Refused,
}

public enum ErasureOrigin
{
    /// <summary>The tutor asked in the portal.</summary>
    Portal,

    /// <summary>An admin recorded the request (by phone, letter, at the desk).</summary>
    Desk,
}

/// <summary>A tutor's request to have their personal data erased (LGPD art. 18): an admin reviews
/// it; approval anonymises the tutor, refusal says why. At most one pending per tutor (a unique
/// index).</summary>
public sealed class ErasureRequest : Entity
{
    public Guid TutorId { get; set; }

    public ErasureOrigin Origin { get; set; }

    public ErasureStatus Status { get; set; } = ErasureStatus.Pending;

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; set; }

    public Guid? RequestedById { get; set; }

    /// <summary>The admin's name for a desk request; "portal" for the tutor's own (never the tutor's
    /// name, which the erasure removes).</summary>
    public string RequestedByName { get; set; } = "";

    public string? Note { get; set; }

    public DateTime? DecidedAt { get; set; }

    public Guid? DecidedById { get; set; }

    public string? DecidedByName { get; set; }

    /// <summary>Why the admin refused (shown to the tutor).</summary>
    public string? RefusalReason { get; set; }
}
