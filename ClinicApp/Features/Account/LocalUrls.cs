namespace ClinicApp.Features.Account;

/// <summary>Where the app may send a person back to after a form: a path inside their hospital.</summary>
public static class LocalUrls
{
    /// <summary>The return URL when it is a local path inside the hospital's base path, else the
    /// hospital's home. Refuses what a browser would read as another host (<c>//x</c>, <c>/\x</c>),
    /// absolute URLs, control characters and other hospitals' paths.</summary>
    public static string InsideHospital(PathString pathBase, string? returnUrl)
    {
        var root = $"{pathBase}/";
        return returnUrl is { Length: > 0 } url
               && url.StartsWith(root, StringComparison.Ordinal)
               && !url.Contains("//", StringComparison.Ordinal)
               && !url.Contains('\\', StringComparison.Ordinal)
               && !url.Any(char.IsControl)
            ? url
            : root;
    }
}
