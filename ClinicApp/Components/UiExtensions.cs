using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace ClinicApp.Components;

public static class UiExtensions
{
    public const long MaxCircuitMessageBytes = 4 * 1024 * 1024;

    public static WebApplicationBuilder AddClinicUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit =>
                circuit.DetailedErrors = builder.Environment.IsDevelopment())

            // The board hands its prerendered data to the circuit (persisted component state), which the
            // browser sends back when the circuit starts: about 0.5 MB for 300 patients, far above SignalR's
            // 32 KB default. Only signed-in staff reach that screen.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        builder.Services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.PreventDuplicates = false;
            config.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        builder.Services.AddMudBlazorTexts();
        return builder;
    }

    /// <summary>MudBlazor asks this for every text of its own; without it they stay English in pt-BR.</summary>
    public static IServiceCollection AddMudBlazorTexts(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Transient<MudLocalizer, MudBlazorTexts>());
        return services;
    }
}
