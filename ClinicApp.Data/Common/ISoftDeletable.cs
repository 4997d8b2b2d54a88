namespace ClinicApp.Data.Common;

/// <summary>Clinical records are never hard-deleted: removing one marks it deleted, hides it from
/// queries and is audited.</summary>
public interface ISoftDeletable
{
    bool IsDeleted { get; set; }

    DateTime? DeletedAt { get; set; }

    Guid? DeletedBy { get; set; }
}
