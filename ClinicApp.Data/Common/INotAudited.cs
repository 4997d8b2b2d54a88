namespace ClinicApp.Data.Common;

/// <summary>Rows derived from another entity (whose own audit entry already tells the change), left
/// out of the audit trail so it stays readable.</summary>
public interface INotAudited;
