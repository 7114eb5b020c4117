// Parameters for `az deployment group create` (az CLI with Bicep). Values that differ per
// tenant come from environment variables: export the ones in manifest/env/.env.prod and the
// SECRET_* ones (never written to a file in the repo) before deploying. Keep in step with
// main.parameters.prod.json, which the Agents Toolkit uses (infra/test checks they agree).
using './main.bicep'

param resourceBaseName = readEnvironmentVariable('RESOURCE_BASE_NAME', 'marac-prod')
param environmentName = 'prod'
param botAadAppClientId = readEnvironmentVariable('AAD_APP_CLIENT_ID')
param botAadAppClientSecret = readEnvironmentVariable('SECRET_AAD_APP_CLIENT_SECRET')
param botTenantId = readEnvironmentVariable('AAD_APP_TENANT_ID')
param teamsAppId = readEnvironmentVariable('TEAMS_APP_ID')
param bootstrapAdminObjectIds = readEnvironmentVariable('BOOTSTRAP_ADMIN_OBJECT_IDS', '')
param appServiceSkuName = 'P1v3'
param instanceCount = 2
param logLevel = 'info'
param postgresAdminPassword = readEnvironmentVariable('SECRET_POSTGRES_ADMIN_PASSWORD')
param postgresSkuName = 'Standard_D2ds_v5'
param postgresTier = 'GeneralPurpose'
param postgresStorageSizeGB = 64
param postgresBackupRetentionDays = 35
param postgresGeoRedundantBackup = 'Enabled'
param postgresHighAvailability = 'ZoneRedundant'
param privateNetworking = true
param keyVaultPurgeProtection = true
param keyVaultSecretsOfficerId = readEnvironmentVariable('KEY_VAULT_SECRETS_OFFICER_ID', '')
param logRetentionDays = 365
