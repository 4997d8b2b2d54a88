namespace ClinicApp;

/// <summary>Marker for the app's texts: inject IStringLocalizer&lt;SharedResource&gt;. The texts live in one
/// file pair per area, Resources/&lt;Area&gt;.resx and .pt-BR.resx, served by <see cref="AreaResourceLocalizer"/>.</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>
public sealed class SharedResource
#pragma warning restore CA1052
{
}
