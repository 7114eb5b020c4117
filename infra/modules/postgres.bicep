// Azure Database for PostgreSQL flexible server and the application database.
// Backups: automatic, point-in-time restore within backupRetentionDays (7-35 days).

param name string
param location string
param tags object
param workspaceId string

param version string
param skuName string
param tier string
param storageSizeGB int
param backupRetentionDays int
@description('Geo-redundant backup can only be chosen when the server is created.')
param geoRedundantBackup string
param highAvailability string
param administratorLogin string
@secure()
param administratorLoginPassword string
param databaseName string

@description('Private access: the delegated subnet and private DNS zone. Empty for public access. Cannot be changed after creation.')
param delegatedSubnetId string = ''
param privateDnsZoneId string = ''

var privateAccess = !empty(delegatedSubnetId)
var privateNetwork = {
  delegatedSubnetResourceId: delegatedSubnetId
  privateDnsZoneArmResourceId: privateDnsZoneId
  publicNetworkAccess: 'Disabled'
}
var publicNetwork = {
  publicNetworkAccess: 'Enabled'
}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: tier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup
    }
    highAvailability: {
      mode: highAvailability
    }
    network: privateAccess ? privateNetwork : publicNetwork
    maintenanceWindow: {
      customWindow: 'Enabled'
      dayOfWeek: 0
      startHour: 2
      startMinute: 0
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Public access only: admits connections from Azure services (including the web app's outbound
// addresses). Note it admits any Azure-hosted client, not only this subscription's; the password
// and TLS are still required. Production uses private access instead (privateNetworking = true).
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateAccess) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: server
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'PostgreSQLLogs'
        enabled: true
      }
    ]
  }
}

output serverName string = server.name
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
