using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Components;

/// <summary>MudBlazor's own words (table "Loading…", pager buttons, date picker labels, data grid
/// filters…) in the reader's language. MudBlazor ships them in English only; the app keeps its
/// translation as "Mud.&lt;MudBlazor key&gt;" in the App area files, and ResourcesTests fails when a
/// MudBlazor upgrade brings a key that has no text there.</summary>
public sealed class MudBlazorTexts(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public const string Prefix = "Mud.";

    public override LocalizedString this[string key] => Translate(key, localizer[$"Mud.{key}"]);

    public override LocalizedString this[string key, params object[] arguments] => Translate(key, localizer[$"Mud.{key}", arguments]);

    // MudBlazor falls back to its English text when told the resource was not found.
    private static LocalizedString Translate(string key, LocalizedString text) =>
        new(key, text.Value, text.ResourceNotFound, text.SearchedLocation);
}
