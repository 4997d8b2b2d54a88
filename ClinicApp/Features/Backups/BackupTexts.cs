using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Backups;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Backups;

/// <summary>How the backups page words a run: its trigger, its stage, its failure, its size and duration.</summary>
public static class BackupTexts
{
    private const string ErrorPrefix = "Backups.Error.";

    public static string Trigger(IStringLocalizer l, BackupTrigger trigger) => l[trigger switch
    {
        BackupTrigger.Nightly => "Backups.Trigger.Nightly",
        BackupTrigger.Manual => "Backups.Trigger.Manual",
        BackupTrigger.Command => "Backups.Trigger.Command",
        _ => "Backups.Trigger.BeforeRestore",
    }];

    public static string Stage(IStringLocalizer l, BackupStage stage) => l[stage switch
    {
        BackupStage.CopyingDatabase => "Backups.Stage.CopyingDatabase",
        BackupStage.PackingFiles => "Backups.Stage.PackingFiles",
        BackupStage.Verifying => "Backups.Stage.Verifying",
        _ => "Backups.Stage.Done",
    }];

    /// <summary>A run's error is a resource key (Backups.Error.*), maybe followed by ": detail" (the
    /// disk's own message); anything else is shown as it was recorded.</summary>
    public static string Error(IStringLocalizer l, string? error)
    {
        if (string.IsNullOrWhiteSpace(error))
        {
            return "";
        }

        if (!error.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            return error;
        }

        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        var key = colon < 0 ? error : error[..colon];
        var text = l[key];
        if (text.ResourceNotFound)
        {
            return error;
        }

        return colon < 0 ? text.Value : $"{text.Value} ({error[(colon + 2)..]})";
    }

    public static string Megabytes(long bytes) =>
        (bytes / 1024d / 1024d).ToString(bytes < 10 * 1024 * 1024 ? "0.00" : "0.0", CultureInfo.CurrentCulture);

    public static string Duration(IStringLocalizer l, long milliseconds)
    {
        var span = TimeSpan.FromMilliseconds(milliseconds);
        return span.TotalMinutes < 1
            ? l["Backups.Seconds", span.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture)]
            : l["Backups.Minutes", (int)span.TotalMinutes, span.Seconds];
    }
}
