using MudBlazor;
using MudBlazor.Services;

namespace ClinicApp.Components;

public static class UiExtensions
{
    public static WebApplicationBuilder AddClinicUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit =>
                circuit.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.PreventDuplicates = false;
            config.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        return builder;
    }
}
