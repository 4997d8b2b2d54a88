using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClinicApp.Data.Migrations.SqlServer.Clinic
{
    /// <inheritdoc />
    public partial class R14AnalyticsCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_PaidAt",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_MedicationAdministrations_Status_DueAt",
                table: "MedicationAdministrations");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_IssuedAt",
                table: "Invoices");

            migrationBuilder.DropIndex(
                name: "IX_Appointments_Start",
                table: "Appointments");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PaidAt_InvoiceId_Method_Amount_Id",
                table: "Payments",
                columns: new[] { "PaidAt", "InvoiceId", "Method", "Amount", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_Status_DueAt_HospitalizationId_RecordedAt",
                table: "MedicationAdministrations",
                columns: new[] { "Status", "DueAt", "HospitalizationId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_Status_RecordedAt_Id",
                table: "MedicationAdministrations",
                columns: new[] { "Status", "RecordedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_IssuedAt_Status_Total_Number_VisitKey_Id",
                table: "Invoices",
                columns: new[] { "IssuedAt", "Status", "Total", "Number", "VisitKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_Start_Status_VeterinarianId_Type_Id",
                table: "Appointments",
                columns: new[] { "Start", "Status", "VeterinarianId", "Type", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_PaidAt_InvoiceId_Method_Amount_Id",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_MedicationAdministrations_Status_DueAt_HospitalizationId_RecordedAt",
                table: "MedicationAdministrations");

            migrationBuilder.DropIndex(
                name: "IX_MedicationAdministrations_Status_RecordedAt_Id",
                table: "MedicationAdministrations");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_IssuedAt_Status_Total_Number_VisitKey_Id",
                table: "Invoices");

            migrationBuilder.DropIndex(
                name: "IX_Appointments_Start_Status_VeterinarianId_Type_Id",
                table: "Appointments");

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PaidAt",
                table: "Payments",
                column: "PaidAt");

            migrationBuilder.CreateIndex(
                name: "IX_MedicationAdministrations_Status_DueAt",
                table: "MedicationAdministrations",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_IssuedAt",
                table: "Invoices",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_Start",
                table: "Appointments",
                column: "Start");
        }
    }
}
