namespace ClinicApp.Data.Common;

/// <summary>Who is making the change being saved, for audit entries. The web app supplies the
/// signed-in user; jobs and the command line supply a system actor.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }

    string Name { get; }
}
