namespace ClinicApp.Data.Common;

/// <summary>The actor for writes that no signed-in person makes (start-up, jobs, command line).</summary>
public sealed class SystemActor(string name = "system") : ICurrentActor
{
    public Guid? UserId => null;

    public string Name { get; } = name;
}
