// Parameters for `az deployment group create` (az CLI with Bicep). Values that differ per
// tenant come from environment variables: export the ones in manifest/env/.env.dev and the
// SECRET_* ones (never written to a file in the repo) before deploying. Keep in step with
// main.parameters.dev.json, which the Agents Toolkit uses (infra/test checks they agree).
using './main.bicep'

param resourceBaseName = readEnvironmentVariable('RESOURCE_BASE_NAME', 'marac-dev')
param environmentName = 'dev'
param botAadAppClientId = readEnvironmentVariable('AAD_APP_CLIENT_ID')
param botAadAppClientSecret = readEnvironmentVariable('SECRET_AAD_APP_CLIENT_SECRET')
param botTenantId = readEnvironmentVariable('AAD_APP_TENANT_ID')
param teamsAppId = readEnvironmentVariable('TEAMS_APP_ID')
param bootstrapAdminObjectIds = readEnvironmentVariable('BOOTSTRAP_ADMIN_OBJECT_IDS', '')
param appServiceSkuName = 'B1'
param instanceCount = 2
param logLevel = 'debug'
param postgresAdminPassword = readEnvironmentVariable('SECRET_POSTGRES_ADMIN_PASSWORD')
param postgresSkuName = 'Standard_B1ms'
param postgresTier = 'Burstable'
param postgresStorageSizeGB = 32
param postgresBackupRetentionDays = 7
param postgresGeoRedundantBackup = 'Disabled'
param postgresHighAvailability = 'Disabled'
param privateNetworking = false
param keyVaultPurgeProtection = false
param keyVaultSecretsOfficerId = readEnvironmentVariable('KEY_VAULT_SECRETS_OFFICER_ID', '')
param logRetentionDays = 30
