using ClinicApp.Features.Payments;
using Microsoft.Extensions.Options;

namespace ClinicApp.Demo;

public static class DemoExtensions
{
    /// <summary>The two demo hospitals a developer signs in to (Development, or <c>Demo:Seed</c>).</summary>
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddSingleton<DemoData>();
        return builder;
    }

    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (options.Seed ?? app.Environment.IsDevelopment())
        {
            await app.Services.GetRequiredService<DemoData>().SeedAsync(options.Password, simulatedPayments: SimulatedCheckout.IsEnabled(app.Environment), historyMonths: options.HistoryMonths);
        }
    }
}
