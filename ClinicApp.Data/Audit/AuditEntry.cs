namespace ClinicApp.Data.Audit;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,

    /// <summary>A person signed in (their user row took the time of it): not an edit of the user.</summary>
    SignedIn,

    /// <summary>A wrong password was counted against an account (or locked it).</summary>
    SignInFailed,

    /// <summary>An admin asked for a full export of the hospital's data.</summary>
    Exported,

    /// <summary>A file holding the hospital's data left the app (an export, a backup archive).</summary>
    Downloaded,
}

/// <summary>One write to the hospital database: who, when, which entity, what happened and which
/// fields changed (names only: values may hold personal data such as a CPF).</summary>
public class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime At { get; set; }

    public Guid? UserId { get; set; }

    public string UserName { get; set; } = "";

    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    public AuditAction Action { get; set; }

    /// <summary>Comma-separated property names that changed.</summary>
    public string ChangedFields { get; set; } = "";

    /// <summary>An entry written by hand for what is not a row change (an export asked for, a file
    /// downloaded): the actor, the subject and the action.</summary>
    public static AuditEntry Of(Common.ICurrentActor actor, AuditAction action, string entityType, string entityId, DateTime at) => new()
    {
        At = at,
        UserId = actor.UserId,
        UserName = actor.Name,
        EntityType = entityType,
        EntityId = entityId,
        Action = action,
    };
}
