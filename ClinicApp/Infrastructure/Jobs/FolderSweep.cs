namespace ClinicApp.Infrastructure.Jobs;

/// <summary>The cleanup jobs' last step: a folder of generated files (exports) keeps only the files its
/// rows still own, so a file whose row expired — or was never saved — does not outlive it.</summary>
public static class FolderSweep
{
    /// <summary>Deletes every file of <paramref name="folder"/> whose name is not in <paramref name="keep"/>.
    /// A file still open (a download in progress) is left for the next run.</summary>
    public static void DeleteAllExcept(string folder, IReadOnlySet<string> keep, ILogger logger)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                Delete(file, logger);
            }
        }
    }

    /// <summary>Deletes one file, logging (not throwing) when it is in use.</summary>
    public static void Delete(string path, ILogger logger)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the generated file {Path}; the next cleanup will", path);
        }
    }
}
