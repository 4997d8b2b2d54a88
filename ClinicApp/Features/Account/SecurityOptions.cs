namespace ClinicApp.Features.Account;

/// <summary>The "Security" section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Sign-in attempts (form posts) allowed per client IP address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Attempts (form posts) allowed per account tried per minute, from any address.</summary>
    public int LoginAttemptsPerAccountPerMinute { get; set; } = 10;

    /// <summary>How long a locked-out account stays locked after five wrong passwords.</summary>
    public int LockoutMinutes { get; set; } = 15;
}
