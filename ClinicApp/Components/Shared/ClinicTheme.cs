using MudBlazor;

namespace ClinicApp.Components.Shared;

public static class ClinicTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00796B",
            Secondary = "#5C6BC0",
            Tertiary = "#F57C00",
            AppbarBackground = "#00695C",
            Background = "#F5F7F7",
            DrawerBackground = "#FFFFFF",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
