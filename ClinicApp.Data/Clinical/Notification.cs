using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

/// <summary>An in-app message for one user ("exam result ready"), read from the bell.</summary>
public sealed class Notification : Entity, INotAudited
{
    public Guid UserId { get; set; }

    /// <summary>A resource key; <see cref="Args"/> fill it (separated by U+001F).</summary>
    public required string MessageKey { get; set; }

    public string? Args { get; set; }

    /// <summary>Relative link inside the hospital ("exams?id=…").</summary>
    public string? Link { get; set; }

    public DateTime? ReadAt { get; set; }
}
