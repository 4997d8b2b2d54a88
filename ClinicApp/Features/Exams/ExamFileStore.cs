using ClinicApp.Tenancy;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Exams;

/// <summary>The "Exams" settings section.</summary>
public sealed class ExamFileOptions
{
    public const string Section = "Exams";

    /// <summary>The largest result file accepted, in bytes (10 MB unless configured).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>The kinds of result file accepted, recognised by their first bytes: a name or a browser's
/// content type says nothing about what a file really is.</summary>
public static class ExamFileSignature
{
    /// <summary>How many bytes <see cref="Sniff"/> needs to look at.</summary>
    public const int HeaderLength = 8;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    /// <summary>The content type and extension of a PDF, PNG or JPEG file; null for anything else.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> header) =>
        header.StartsWith(Pdf) ? ("application/pdf", ".pdf")
        : header.StartsWith(Png) ? ("image/png", ".png")
        : header.StartsWith(Jpeg) ? ("image/jpeg", ".jpg")
        : null;

    /// <summary>The name a file is shown and downloaded under: the client's name with the extension of
    /// what the file really is. A PDF named "report.html" would otherwise be saved by the browser as
    /// HTML and opened as a page (with its scripts) from the disk.</summary>
    public static string NameFor(string clientName, string extension)
    {
        var current = Path.GetExtension(clientName);
        if (current.Equals(extension, StringComparison.OrdinalIgnoreCase)
            || (extension == ".jpg" && current.Equals(".jpeg", StringComparison.OrdinalIgnoreCase)))
        {
            return clientName;
        }

        var stem = Path.GetFileNameWithoutExtension(clientName);
        return (stem.Length > 0 ? stem : "file") + extension;
    }
}

/// <summary>The hospital's own folder of exam result files, {DataDirectory}/files/{hospital}/ — outside
/// wwwroot, so nothing there is ever served except through the checked download endpoint.</summary>
public sealed class ExamFileStore(TenantContext tenant, TenantConnections connections)
{
    public string Root => connections.FilesDirectory(tenant.Tenant.Slug);

    /// <summary>Where a file of an exam is stored, relative to <see cref="Root"/>; built from ids only.</summary>
    public static string RelativePath(Guid examId, Guid fileId, string extension) =>
        Path.Combine("exams", examId.ToString("N"), fileId.ToString("N") + extension);

    /// <summary>The full path of a stored file; null when the relative path would leave the hospital's folder.</summary>
    public string? FullPath(string relativePath)
    {
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }
}
