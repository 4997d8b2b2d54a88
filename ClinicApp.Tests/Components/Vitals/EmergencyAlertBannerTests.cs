using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Vitals;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Vitals;

public sealed class EmergencyAlertBannerTests : ComponentTestContext
{
    private static readonly OpenVitalAlert Alert = new(
        Guid.NewGuid(), Guid.NewGuid(), "Thor", Species.Dog, Guid.NewGuid(), "UTI", "L3",
        new DateTime(2026, 11, 23, 13, 5, 0, DateTimeKind.Utc), "Enf. Carla",
        [(Vital.TemperatureC, 41.5m), (Vital.HeartRate, 220m)]);

    public EmergencyAlertBannerTests()
    {
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<HospitalTime>();
    }

    [Fact]
    public void The_banner_names_the_patient_the_bed_and_each_critical_value_in_portuguese()
    {
        using var _ = new CultureScope("pt-BR");

        var cut = Render<EmergencyAlertBanner>(p => p.Add(b => b.Alert, Alert));

        var banner = cut.Find("[data-testid=emergency-alert]");
        Assert.Contains("EMERGÊNCIA", banner.TextContent, StringComparison.Ordinal);
        Assert.Equal("Thor", cut.Find("[data-testid=emergency-pet]").TextContent);
        Assert.Contains("UTI · leito L3", cut.Find("[data-testid=emergency-bed]").TextContent, StringComparison.Ordinal);
        var values = cut.Find("[data-testid=emergency-values]").TextContent;
        Assert.Contains("Temperatura (°C): 41,5", values, StringComparison.Ordinal);
        Assert.Contains("Frequência cardíaca (bpm): 220", values, StringComparison.Ordinal);
        Assert.Contains("10:05", banner.TextContent, StringComparison.Ordinal); // 13:05 UTC in São Paulo
        Assert.Contains("Enf. Carla", banner.TextContent, StringComparison.Ordinal);
        Assert.Equal($"hospitalizations/{Alert.HospitalizationId}", cut.Find("[data-testid=emergency-open]").GetAttribute("href"));
        Assert.Contains("mud-alert-filled-error", banner.ClassList);
    }

    [Fact]
    public void Acknowledge_hands_the_alert_id_to_its_owner()
    {
        using var _ = new CultureScope("en");
        Guid? acknowledged = null;

        var cut = Render<EmergencyAlertBanner>(p => p
            .Add(b => b.Alert, Alert)
            .Add(b => b.OnAcknowledge, EventCallback.Factory.Create<Guid>(this, id => acknowledged = id)));
        var button = cut.Find("[data-testid=emergency-ack]");

        Assert.Contains("Acknowledge", button.TextContent, StringComparison.Ordinal);
        button.Click();
        Assert.Equal(Alert.Id, acknowledged);
    }

    [Fact]
    public void An_alert_outside_hospital_has_no_bed_nor_stay_link()
    {
        using var _ = new CultureScope("en");

        var cut = Render<EmergencyAlertBanner>(p => p.Add(b => b.Alert, Alert with { HospitalizationId = null, WardName = null, BedName = null }));

        Assert.Empty(cut.FindAll("[data-testid=emergency-bed]"));
        Assert.Empty(cut.FindAll("[data-testid=emergency-open]"));
        Assert.Contains("Temperature", cut.Find("[data-testid=emergency-values]").TextContent, StringComparison.Ordinal);
    }
}
