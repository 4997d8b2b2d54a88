using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tenancy;

/// <summary>Puts a hospital into maintenance (while its data is restored) and takes it out, in the catalog:
/// every app instance and the operator's command line read the same flag. Entering is refused while the
/// hospital is already in maintenance, so two restores of one hospital cannot overlap.</summary>
public sealed class HospitalMaintenance(TenantConnections connections, HospitalCatalog catalog, TimeProvider time)
{
    /// <summary>Returns false when the hospital was already in maintenance (another restore runs).</summary>
    public async Task<bool> EnterAsync(Guid hospitalId, string reason, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        var hospital = await db.Hospitals.FirstOrDefaultAsync(h => h.Id == hospitalId, ct)
            ?? throw new HospitalProvisioningException($"No hospital with id {hospitalId}.");
        if (hospital.InMaintenance)
        {
            return false;
        }

        hospital.EnterMaintenance(reason, time.GetUtcNow().UtcDateTime);
        try
        {
            // Version is the concurrency token: of two restores entering at once, one wins.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        finally
        {
            catalog.Invalidate();
        }

        return true;
    }

    public async Task LeaveAsync(Guid hospitalId, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        var hospital = await db.Hospitals.FirstOrDefaultAsync(h => h.Id == hospitalId, ct);
        if (hospital is { InMaintenance: true })
        {
            hospital.LeaveMaintenance();
            await db.SaveChangesAsync(ct);
        }

        catalog.Invalidate();
    }
}
