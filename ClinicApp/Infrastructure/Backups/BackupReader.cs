using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>An archive decrypted and unpacked into a staging folder, every part checked against the manifest.</summary>
public sealed record ExtractedBackup(BackupManifest Manifest, string Directory, string DatabaseFile, string FilesDirectory);

/// <summary>Opens archives: decrypts, unpacks (never outside the staging folder), checks each part's SHA-256,
/// runs <c>PRAGMA integrity_check</c> and compares the row counts with the manifest. Any difference is a
/// <see cref="BackupArchiveException"/>: an archive is restorable only if all of it is exactly what was written.</summary>
public sealed class BackupReader(BackupKey key)
{
    /// <summary>Unpacks into <paramref name="stagingDirectory"/> (created; the caller deletes it).</summary>
    public async Task<ExtractedBackup> ExtractAsync(string archivePath, string stagingDirectory, CancellationToken ct)
    {
        if (!File.Exists(archivePath))
        {
            throw new BackupArchiveException(BackupArchiveException.NotAnArchive, $"{archivePath} does not exist.");
        }

        Directory.CreateDirectory(stagingDirectory);
        var zipPath = Path.Combine(stagingDirectory, "archive.zip");
        var content = Path.Combine(stagingDirectory, "content");
        try
        {
            await using (var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
            await using (var output = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await EncryptedArchive.DecryptAsync(input, output, key, ct);
            }

            BackupManifest manifest;
            var found = new Dictionary<string, BackupPart>(StringComparer.Ordinal);
            await using (var zip = await ZipArchive.CreateAsync(File.OpenRead(zipPath), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct))
            {
                var manifestEntry = zip.GetEntry(BackupManifest.FileName)
                    ?? throw new BackupArchiveException(BackupArchiveException.Damaged, "The archive has no manifest.");
                await using (var stream = await manifestEntry.OpenAsync(ct))
                {
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, ct)
                        ?? throw new BackupArchiveException(BackupArchiveException.Damaged, "The manifest is empty.");
                }

                var root = Path.GetFullPath(content) + Path.DirectorySeparatorChar;
                foreach (var entry in zip.Entries.Where(e => e.FullName != BackupManifest.FileName))
                {
                    var target = Path.GetFullPath(Path.Combine(content, entry.FullName));
                    if (!target.StartsWith(root, StringComparison.Ordinal))
                    {
                        throw new BackupArchiveException(BackupArchiveException.Damaged, $"The entry {entry.FullName} points outside the archive.");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    found[entry.FullName] = await ExtractAsync(entry, target, ct);
                }
            }

            File.Delete(zipPath);
            CheckParts(manifest, found);
            var database = Path.Combine(content, BackupManifest.DatabasePart);
            CheckDatabase(manifest, database);
            return new ExtractedBackup(manifest, stagingDirectory, database, Path.Combine(content, BackupManifest.FilesPrefix.TrimEnd('/')));
        }
        catch (InvalidDataException e)
        {
            throw new BackupArchiveException(BackupArchiveException.Damaged, $"The archive's content is not readable: {e.Message}", e);
        }
    }

    /// <summary>Extracts into a temporary folder beside the archive, checks it all, and deletes the folder.</summary>
    public async Task<BackupManifest> VerifyAsync(string archivePath, CancellationToken ct)
    {
        var staging = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archivePath))!, $"{BackupWriter.StagingPrefix}verify-{Guid.NewGuid():N}");
        try
        {
            return (await ExtractAsync(archivePath, staging, ct)).Manifest;
        }
        finally
        {
            BackupWriter.TryDeleteDirectory(staging);
        }
    }

    private static void CheckParts(BackupManifest manifest, Dictionary<string, BackupPart> found)
    {
        foreach (var part in manifest.Parts)
        {
            if (!found.Remove(part.Path, out var actual))
            {
                throw new BackupArchiveException(BackupArchiveException.PartMismatch, $"{part.Path} is listed in the manifest but missing.");
            }

            if (actual.Size != part.Size || !string.Equals(actual.Sha256, part.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupArchiveException(BackupArchiveException.PartMismatch, $"{part.Path} does not match its hash in the manifest.");
            }
        }

        if (found.Count > 0)
        {
            throw new BackupArchiveException(BackupArchiveException.PartMismatch, $"{found.Keys.First()} is not listed in the manifest.");
        }
    }

    private static void CheckDatabase(BackupManifest manifest, string database)
    {
        if (!File.Exists(database))
        {
            throw new BackupArchiveException(BackupArchiveException.PartMismatch, "The archive holds no database.");
        }

        try
        {
            using (var connection = new SqliteConnection(BackupWriter.Connection(database, SqliteOpenMode.ReadOnly)))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA integrity_check;";
                var result = command.ExecuteScalar() as string;
                if (result != "ok")
                {
                    throw new BackupArchiveException(BackupArchiveException.IntegrityFailed, $"integrity_check: {result}");
                }
            }

            var (counts, _) = BackupWriter.Describe(database);
            foreach (var (table, expected) in manifest.RowCounts)
            {
                if (counts.GetValueOrDefault(table, -1) != expected)
                {
                    throw new BackupArchiveException(BackupArchiveException.CountMismatch, $"{table}: {counts.GetValueOrDefault(table, -1)} rows, the manifest says {expected}.");
                }
            }
        }
        catch (SqliteException e)
        {
            throw new BackupArchiveException(BackupArchiveException.IntegrityFailed, e.Message, e);
        }
    }

    private static async Task<BackupPart> ExtractAsync(ZipArchiveEntry entry, string target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using var input = await entry.OpenAsync(ct);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            length += read;
        }

        return new BackupPart(entry.FullName, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
