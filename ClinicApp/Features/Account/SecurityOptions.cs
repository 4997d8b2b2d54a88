namespace ClinicApp.Features.Account;

/// <summary>The "Security" section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Sign-in attempts (form posts) allowed per client IP address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Attempts (form posts) allowed per account tried per minute, from any address.</summary>
    public int LoginAttemptsPerAccountPerMinute { get; set; } = 10;

    /// <summary>How long a user's security stamp is trusted between database reads when a request
    /// checks its cookie; an admin's change to the user drops it at once.</summary>
    public int StampCacheSeconds { get; set; } = 5;

    /// <summary>How long a locked-out account stays locked after five wrong passwords.</summary>
    public int LockoutMinutes { get; set; } = 15;
}
