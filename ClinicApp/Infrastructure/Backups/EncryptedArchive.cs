using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>The encrypted container of a backup: AES-256-GCM over 1 MiB chunks (the STREAM construction),
/// so an archive of any size is written and read without holding it in memory, and every chunk is
/// authenticated. Layout: a 24-byte header (magic "CLINICBK", version 1, the key's 8-byte id, a 7-byte random
/// nonce prefix), then chunks of [length:4][ciphertext][tag:16]. A chunk's nonce is the prefix, its index
/// and a last-chunk flag, and the header is authenticated with every chunk: a flipped byte, a reordered,
/// dropped or truncated chunk, or bytes after the last one all fail to decrypt.</summary>
public static class EncryptedArchive
{
    public const int ChunkSize = 1024 * 1024;
    internal const int HeaderSize = 24;
    private const int TagSize = 16;
    private const byte Version = 1;
    private static readonly byte[] Magic = "CLINICBK"u8.ToArray();

    /// <summary>A write-only stream that encrypts what it is given into <paramref name="output"/>; dispose it
    /// (or call <see cref="EncryptingStream.CompleteAsync"/>) to write the last chunk.</summary>
    public static EncryptingStream Encrypt(Stream output, BackupKey key) => new(output, key);

    /// <summary>Decrypts a whole archive into <paramref name="output"/>. Throws <see cref="BackupArchiveException"/>
    /// when it is not an archive, was made with another key, or was changed in any way.</summary>
    public static async Task DecryptAsync(Stream input, Stream output, BackupKey key, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        if (await input.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct) < HeaderSize
            || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic) || header[8] != Version)
        {
            throw new BackupArchiveException(BackupArchiveException.NotAnArchive, "The file is not a ClinicApp backup archive.");
        }

        if (!header.AsSpan(9, 8).SequenceEqual(key.Id))
        {
            throw new BackupArchiveException(BackupArchiveException.WrongKey, "The archive was encrypted with another backup key.");
        }

        using var aes = new AesGcm(key.Key, TagSize);
        var lengthBytes = new byte[4];
        var ciphertext = new byte[ChunkSize];
        var plaintext = new byte[ChunkSize];
        var tag = new byte[TagSize];
        for (uint index = 0; ; index++)
        {
            if (await input.ReadAtLeastAsync(lengthBytes, 4, throwOnEndOfStream: false, ct) < 4)
            {
                throw Damaged($"The archive ends before its last chunk (chunk {index}): it is truncated.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
            if (length is < 0 or > ChunkSize)
            {
                throw Damaged($"Chunk {index} has an impossible length.");
            }

            if (await input.ReadAtLeastAsync(ciphertext.AsMemory(0, length), length, throwOnEndOfStream: false, ct) < length
                || await input.ReadAtLeastAsync(tag, TagSize, throwOnEndOfStream: false, ct) < TagSize)
            {
                throw Damaged($"The archive ends inside chunk {index}: it is truncated.");
            }

            // The last chunk is the one that decrypts with the last-chunk flag; a chunk only ever decrypts
            // under the flag it was written with, so trying "not last" first is safe.
            var last = !TryDecrypt(aes, header, index, final: false, ciphertext.AsSpan(0, length), tag, plaintext.AsSpan(0, length));
            if (last && !TryDecrypt(aes, header, index, final: true, ciphertext.AsSpan(0, length), tag, plaintext.AsSpan(0, length)))
            {
                throw Damaged($"Chunk {index} does not authenticate: the archive was changed or damaged.");
            }

            await output.WriteAsync(plaintext.AsMemory(0, length), ct);
            if (last)
            {
                if (await input.ReadAsync(lengthBytes.AsMemory(0, 1), ct) != 0)
                {
                    throw Damaged("There are bytes after the archive's last chunk.");
                }

                return;
            }
        }
    }

    private static bool TryDecrypt(AesGcm aes, byte[] header, uint index, bool final, ReadOnlySpan<byte> ciphertext, byte[] tag, Span<byte> plaintext)
    {
        try
        {
            aes.Decrypt(Nonce(header, index, final), ciphertext, tag, plaintext, header);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static BackupArchiveException Damaged(string detail) => new(BackupArchiveException.Damaged, detail);

    internal static byte[] Nonce(ReadOnlySpan<byte> header, uint index, bool final)
    {
        var nonce = new byte[12];
        header.Slice(17, 7).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(7, 4), index);
        nonce[11] = final ? (byte)1 : (byte)0;
        return nonce;
    }

    internal static byte[] NewHeader(BackupKey key)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[8] = Version;
        key.Id.CopyTo(header, 9);
        RandomNumberGenerator.Fill(header.AsSpan(17, 7));
        return header;
    }

    /// <summary>Encrypts everything written to it, chunk by chunk, into the underlying stream (left open).</summary>
    public sealed class EncryptingStream : Stream
    {
        private readonly Stream _output;
        private readonly AesGcm _aes;
        private readonly byte[] _header;
        private readonly byte[] _buffer = new byte[ChunkSize];
        private readonly byte[] _ciphertext = new byte[ChunkSize];
        private readonly byte[] _tag = new byte[TagSize];
        private int _buffered;
        private uint _index;
        private bool _headerWritten;
        private bool _completed;

        internal EncryptingStream(Stream output, BackupKey key)
        {
            _output = output;
            _aes = new AesGcm(key.Key, TagSize);
            _header = NewHeader(key);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_completed;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            while (buffer.Length > 0)
            {
                // A full buffer is only written once more data arrives: the last chunk must carry the flag.
                if (_buffered == ChunkSize)
                {
                    await FlushChunkAsync(final: false, cancellationToken);
                }

                var take = Math.Min(ChunkSize - _buffered, buffer.Length);
                buffer[..take].CopyTo(_buffer.AsMemory(_buffered));
                _buffered += take;
                buffer = buffer[take..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Writes the last chunk. Nothing may be written after it.</summary>
        public async Task CompleteAsync(CancellationToken ct = default)
        {
            if (_completed)
            {
                return;
            }

            await FlushChunkAsync(final: true, ct);
            _completed = true;
            await _output.FlushAsync(ct);
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // Deliberately does not complete the archive: an archive is finished only by CompleteAsync, so
            // an exception that unwinds through a using leaves an incomplete (unreadable) file, never a short
            // one that passes as whole.
            if (disposing)
            {
                _aes.Dispose();
            }

            base.Dispose(disposing);
        }

        private async Task FlushChunkAsync(bool final, CancellationToken ct)
        {
            if (!_headerWritten)
            {
                await _output.WriteAsync(_header, ct);
                _headerWritten = true;
            }

            _aes.Encrypt(Nonce(_header, _index, final), _buffer.AsSpan(0, _buffered), _ciphertext.AsSpan(0, _buffered), _tag, _header);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, _buffered);
            await _output.WriteAsync(length, ct);
            await _output.WriteAsync(_ciphertext.AsMemory(0, _buffered), ct);
            await _output.WriteAsync(_tag, ct);
            _buffered = 0;
            _index++;
        }
    }
}
