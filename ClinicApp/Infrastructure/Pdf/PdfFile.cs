namespace ClinicApp.Infrastructure.Pdf;

/// <summary>A rendered PDF and the name it is downloaded or attached under.</summary>
public sealed record PdfFile(string FileName, byte[] Content);
