using ClinicApp.Data.Common;
using ClinicApp.Tenancy;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>The operator's <c>restore &lt;hospital&gt; &lt;archive&gt; [--as &lt;new-id&gt;]</c>: prints what it did
/// (and where the data it replaced went), or the reason it refused, with a non-zero exit code.</summary>
public static class RestoreCommand
{
    public const string Usage = "restore <hospital> <archive> [--as <new-id>]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is not ["restore", var slug, var archive, .. var rest] || rest is not ([] or ["--as", _]))
        {
            await output.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }

        var asSlug = rest is ["--as", var id] ? id : null;
        try
        {
            var restored = await services.GetRequiredService<RestoreService>().RestoreAsync(slug, archive, asSlug);
            var taken = $"{restored.Manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC";
            if (asSlug is not null)
            {
                await output.WriteLineAsync($"Archive {restored.ArchivePath} (taken {taken}) restored as the new hospital '{restored.Hospital}'; '{slug}' was not touched.");
            }
            else if (restored.NewHospital)
            {
                await output.WriteLineAsync($"Hospital '{restored.Hospital}' was not in the catalog: added and restored from {restored.ArchivePath} (taken {taken}).");
            }
            else
            {
                await output.WriteLineAsync($"Hospital '{restored.Hospital}' restored from {restored.ArchivePath} (taken {taken}).");
                await output.WriteLineAsync(restored.SafetyBackupPath is { } safety
                    ? $"Its data before the restore: {safety}"
                    : "Its database was missing before the restore: there was nothing to keep.");
            }

            return 0;
        }
        catch (BackupArchiveException e)
        {
            await output.WriteLineAsync($"error: {e.Message}: {e.Detail}");
        }
        catch (RestoreException e)
        {
            await output.WriteLineAsync($"error: {e.Message}: {e.Detail}");
        }
        catch (HospitalProvisioningException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
        }
        catch (DomainRuleException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing folder, a full disk: the live data was left as it was (the restore undoes its renames).
            await output.WriteLineAsync($"error: {e.Message}");
        }

        return 1;
    }
}
