namespace ClinicApp;

/// <summary>Marker for the shared resources (Resources/SharedResource.resx and .pt-BR.resx).</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>
public sealed class SharedResource
#pragma warning restore CA1052
{
}
