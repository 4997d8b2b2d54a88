namespace ClinicApp.Features.Settings;

/// <summary>Cards other areas add to the Admin's settings page (online booking, the privacy notice),
/// each in its own grid cell (a <c>MudItem</c>); they load and save through their own services.</summary>
public sealed record SettingsCards;
