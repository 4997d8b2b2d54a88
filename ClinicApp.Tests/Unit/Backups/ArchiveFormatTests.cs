using System.Security.Cryptography;
using System.Text;
using ClinicApp.Infrastructure.Backups;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Tests.Unit.Backups;

/// <summary>The archive container on its own: what is written reads back exactly, under the same key
/// only, and any change to the bytes is refused.</summary>
public sealed class ArchiveFormatTests : IDisposable
{
    private static readonly BackupKey Key = BackupKey.Of(Enumerable.Range(0, 32).Select(i => (byte)(i + 1)).ToArray());
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "clinicapp-archive-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(EncryptedArchive.ChunkSize)] // exactly one full chunk: the last chunk is then empty
    [InlineData((EncryptedArchive.ChunkSize * 2) + 17)]
    public async Task Decrypting_gives_back_exactly_what_was_encrypted(int size)
    {
        var plain = RandomNumberGenerator.GetBytes(size);
        var archive = await EncryptAsync(plain);

        var back = new MemoryStream();
        await EncryptedArchive.DecryptAsync(new MemoryStream(archive), back, Key, CancellationToken.None);

        Assert.Equal(plain, back.ToArray());
    }

    [Fact]
    public async Task Another_key_is_told_apart_from_damage()
    {
        var archive = await EncryptAsync(Encoding.UTF8.GetBytes("Rex, Golden Retriever"));
        var other = BackupKey.Of(RandomNumberGenerator.GetBytes(32));

        var e = await Assert.ThrowsAsync<BackupArchiveException>(() => EncryptedArchive.DecryptAsync(new MemoryStream(archive), Stream.Null, other, CancellationToken.None));

        Assert.Equal(BackupArchiveException.WrongKey, e.Message);
    }

    [Fact]
    public async Task Any_flipped_byte_after_the_header_is_refused_as_damaged()
    {
        var archive = await EncryptAsync(RandomNumberGenerator.GetBytes(5000));
        for (var position = 24; position < archive.Length; position += 397)
        {
            var copy = (byte[])archive.Clone();
            copy[position] ^= 0x01;
            var e = await Assert.ThrowsAsync<BackupArchiveException>(() => EncryptedArchive.DecryptAsync(new MemoryStream(copy), Stream.Null, Key, CancellationToken.None));
            Assert.Equal(BackupArchiveException.Damaged, e.Message);
        }
    }

    [Fact]
    public async Task A_truncated_archive_or_one_with_bytes_added_is_refused()
    {
        var archive = await EncryptAsync(RandomNumberGenerator.GetBytes((EncryptedArchive.ChunkSize * 2) + 5));
        // Cut exactly after the first chunk: every remaining chunk authenticates, yet the last one is missing.
        var firstChunkEnd = 24 + 4 + EncryptedArchive.ChunkSize + 16;

        await Assert.ThrowsAsync<BackupArchiveException>(() => EncryptedArchive.DecryptAsync(new MemoryStream(archive[..firstChunkEnd]), Stream.Null, Key, CancellationToken.None));
        await Assert.ThrowsAsync<BackupArchiveException>(() => EncryptedArchive.DecryptAsync(new MemoryStream([.. archive, 0]), Stream.Null, Key, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_that_is_not_an_archive_says_so()
    {
        var e = await Assert.ThrowsAsync<BackupArchiveException>(() => EncryptedArchive.DecryptAsync(new MemoryStream("SQLite format 3\0......................"u8.ToArray()), Stream.Null, Key, CancellationToken.None));

        Assert.Equal(BackupArchiveException.NotAnArchive, e.Message);
    }

    [Fact]
    public async Task A_database_and_its_files_come_back_checked_and_unreadable_in_the_archive()
    {
        Directory.CreateDirectory(_dir);
        var database = Path.Combine(_dir, "live.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Tutors (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Tutors (Name) VALUES ('Mariana Albuquerque'), ('João Pereira');";
            command.ExecuteNonQuery();
        }

        var files = Path.Combine(_dir, "files");
        Directory.CreateDirectory(Path.Combine(files, "exams", "a"));
        await File.WriteAllTextAsync(Path.Combine(files, "exams", "a", "hemograma.pdf"), "%PDF-1.7 hemograma de Rex");
        var writer = new BackupWriter(Key, new ArchiveFiles(), TimeProvider.System);

        var written = await writer.WriteAsync(
            new BackupSource("hospital", "aurora", Guid.NewGuid(), "Hospital Aurora", "pt-BR", "America/Sao_Paulo", database, files),
            Path.Combine(_dir, "backups"), null, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(written.ArchivePath);
        Assert.Equal(written.SizeBytes, bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), written.Sha256);
        Assert.DoesNotContain("Mariana", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "backups"), ".*"));
        Assert.Equal(2, written.Manifest.RowCounts["Tutors"]);

        var extracted = await new BackupReader(Key).ExtractAsync(written.ArchivePath, Path.Combine(_dir, "staging"), CancellationToken.None);

        Assert.Equal("%PDF-1.7 hemograma de Rex", await File.ReadAllTextAsync(Path.Combine(extracted.FilesDirectory, "exams", "a", "hemograma.pdf")));
        using var restored = new SqliteConnection($"Data Source={extracted.DatabaseFile};Pooling=False");
        restored.Open();
        using var read = restored.CreateCommand();
        read.CommandText = "SELECT group_concat(Name, '|') FROM Tutors ORDER BY Id";
        Assert.Equal("Mariana Albuquerque|João Pereira", read.ExecuteScalar());
    }

    private static async Task<byte[]> EncryptAsync(byte[] plain)
    {
        var output = new MemoryStream();
        var encrypting = EncryptedArchive.Encrypt(output, Key);
        await encrypting.WriteAsync(plain);
        await encrypting.CompleteAsync();
        return output.ToArray();
    }
}
