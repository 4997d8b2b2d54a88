namespace ClinicApp.Data.Common;

/// <summary>Who is making the change being saved, for audit entries. The web app supplies the
/// signed-in user; jobs and the command line supply a system actor.</summary>
public interface ICurrentActor
{
    Guid? UserId { get; }

    string Name { get; }
}

/// <summary>The actor for writes that no signed-in person makes (start-up, jobs, command line).</summary>
public sealed class SystemActor(string name = "system") : ICurrentActor
{
    public Guid? UserId => null;

    public string Name { get; } = name;
}
