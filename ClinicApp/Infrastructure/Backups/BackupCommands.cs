namespace ClinicApp.Infrastructure.Backups;

/// <summary>The operator's backup verbs, run as <c>dotnet ClinicApp.dll VERB …</c> beside <c>tenant</c>.</summary>
public static class BackupCommands
{
    public static bool IsCommand(string[] args) => args is ["restore", ..];

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output) => args switch
    {
        ["restore", ..] => RestoreCommand.RunAsync(services, args, output),
        _ => Task.FromResult(2),
    };
}
