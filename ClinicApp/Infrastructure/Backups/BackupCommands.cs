using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Tenancy;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>The operator's backup verbs, beside <c>tenant</c>: <c>backup &lt;hospital&gt;</c>, <c>backup --all</c>,
/// <c>backup list &lt;hospital&gt;</c>, <c>backup verify &lt;archive&gt;</c> (and <c>restore</c>, see <see cref="RestoreCommand"/>). Each prints the archive's path and exits
/// non-zero when the backup or the check failed, so a cron line or a script can rely on the exit code.
/// They run in their own process, beside a running app: the run is recorded in the same catalog.</summary>
public static class BackupCommands
{
    public static bool IsCommand(string[] args) => args is ["backup", ..] or ["restore", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is ["restore", ..])
        {
            return await RestoreCommand.RunAsync(services, args, output);
        }

        var backups = services.GetRequiredService<BackupService>();
        var catalog = services.GetRequiredService<HospitalCatalog>();
        var requestedBy = $"command:{Environment.UserName}";
        try
        {
            switch (args)
            {
                case ["backup", "list", var slug]:
                    var hospitalId = slug is "--catalog" or BackupLocations.CatalogScope ? (Guid?)null : (await FindAsync(catalog, slug)).Id;
                    var runs = await backups.ListAsync(hospitalId);
                    if (runs.Count == 0)
                    {
                        await output.WriteLineAsync($"No backups of '{slug}' yet.");
                    }

                    foreach (var run in runs)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{run.StartedAt:yyyy-MM-dd HH:mm:ss}Z  {run.Status,-8}  {Size(run.SizeBytes),10}  {run.ArchivePath ?? run.Error ?? "-"}"));
                    }

                    return 0;
                case ["backup", "verify", var archive]:
                    return await VerifyAsync(services.GetRequiredService<BackupReader>(), Path.GetFullPath(archive), output);
                case ["backup", "extract", var archive, var folder]:
                    return await ExtractAsync(services.GetRequiredService<BackupReader>(), Path.GetFullPath(archive), Path.GetFullPath(folder), output);
                case ["backup", "--all"]:
                    var failed = 0;
                    foreach (var tenant in (await catalog.ListAsync()).Where(t => t.IsActive))
                    {
                        failed += await ReportAsync(await backups.BackUpHospitalAsync(tenant.Id, BackupTrigger.Command, requestedBy), tenant.Slug, output) ? 0 : 1;
                    }

                    failed += await ReportAsync(await backups.BackUpCatalogAsync(BackupTrigger.Command, requestedBy), BackupLocations.CatalogScope, output) ? 0 : 1;
                    return failed == 0 ? 0 : 1;
                case ["backup", var slug] when slug is not ("list" or "verify" or "extract") && !slug.StartsWith('-'):
                    var hospital = await FindAsync(catalog, slug);
                    return await ReportAsync(await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Command, requestedBy), hospital.Slug, output) ? 0 : 1;
                default:
                    await output.WriteLineAsync("""
                        Usage:
                          backup <hospital>          back up one hospital (written, then verified)
                          backup --all               back up every active hospital and the catalog
                          backup list <hospital>     the hospital's backups (--catalog for the catalog's)
                          backup verify <archive>    decrypt and check an archive against its manifest
                          backup extract <archive> <folder>
                                                     decrypt, check and unpack it into a new folder (the
                                                     catalog is restored by hand from there)
                          restore <hospital> <archive> [--as <new-id>]
                        """);
                    return 2;
            }
        }
        catch (HospitalProvisioningException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (DomainRuleException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            // The backup key is missing or not a key.
            await output.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static async Task<TenantInfo> FindAsync(HospitalCatalog catalog, string slug) =>
        await catalog.FindBySlugAsync(slug) ?? throw new HospitalProvisioningException($"No hospital '{slug}'.");

    private static async Task<bool> ReportAsync(BackupRun run, string scope, TextWriter output)
    {
        if (run.Status == BackupStatus.Verified)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{scope}: verified, {Size(run.SizeBytes)} in {run.DurationMs / 1000.0:0.0} s"));
            await output.WriteLineAsync(run.ArchivePath);
            if (run.Error is { } warning)
            {
                // A failed second copy: the archive is good, the copy folder needs a look.
                await output.WriteLineAsync($"warning: {warning}");
            }

            return true;
        }

        await output.WriteLineAsync($"{scope}: FAILED: {run.Error}");
        return false;
    }

    private static async Task<int> VerifyAsync(BackupReader reader, string archive, TextWriter output)
    {
        try
        {
            var manifest = await reader.VerifyAsync(archive, CancellationToken.None);
            await output.WriteLineAsync($"OK {archive}");
            await output.WriteLineAsync($"  {manifest.Kind} {manifest.Scope}{(manifest.HospitalName is { } name ? $" ({name})" : "")}{(manifest.HospitalId is { } id ? $" id {id}" : "")}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  created {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss}Z by ClinicApp {manifest.AppVersion}, schema {manifest.MigrationId ?? "-"}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {manifest.RowCounts.Count} tables, {manifest.RowCounts.Values.Sum()} rows, {manifest.Parts.Count(p => p.Path.StartsWith(BackupManifest.FilesPrefix, StringComparison.Ordinal))} files, {Size(manifest.Parts.Sum(p => p.Size))} unpacked"));
            return 0;
        }
        catch (BackupArchiveException e)
        {
            await output.WriteLineAsync($"{archive}");
            await output.WriteLineAsync($"error: {e.Detail} ({e.Message})");
            return 1;
        }
    }

    /// <summary>Unpacks a checked archive for a person: the catalog's restore is done by hand (app stopped,
    /// <c>catalog.db</c> replaced), and an operator may want to look at one old file. The folder must be new
    /// or empty, so nothing is overwritten; a refused archive leaves no folder behind.</summary>
    private static async Task<int> ExtractAsync(BackupReader reader, string archive, string folder, TextWriter output)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            await output.WriteLineAsync($"error: {folder} is not empty; give a new folder.");
            return 1;
        }

        var created = !Directory.Exists(folder);
        try
        {
            var extracted = await reader.ExtractAsync(archive, folder, CancellationToken.None);
            await output.WriteLineAsync($"OK {archive}");
            await output.WriteLineAsync($"  database: {extracted.DatabaseFile}");
            await output.WriteLineAsync($"  files:    {extracted.FilesDirectory}");
            return 0;
        }
        catch (BackupArchiveException e)
        {
            if (created)
            {
                BackupWriter.TryDeleteDirectory(folder);
            }

            await output.WriteLineAsync($"{archive}");
            await output.WriteLineAsync($"error: {e.Detail} ({e.Message})");
            return 1;
        }
    }

    private static string Size(long? bytes) => bytes switch
    {
        null => "-",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };
}
