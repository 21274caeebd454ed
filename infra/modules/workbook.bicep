// The operators' dashboard: an Azure Monitor workbook over the Log Analytics workspace (the app's metrics and log
// records, the storage queue logs) and the storage account's queue metrics. Its content is
// infra/workbooks/operations.workbook.json, edited in the portal's Advanced Editor and saved back there.
@description('Region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

@description('Log Analytics workspace the workbook queries.')
param logAnalyticsWorkspaceId string

@description('Resource id of the storage account whose queue metrics the workbook shows.')
param storageAccountId string

@description('Name shown in the portal.')
param displayName string = 'Entry/exit operations'

var content = loadTextContent('../workbooks/operations.workbook.json')

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names are GUIDs; this one is stable per resource group, so a provision updates it in place.
  name: guid(resourceGroup().id, 'entry-exit-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: logAnalyticsWorkspaceId
    serializedData: replace(content, '__QUEUE_SERVICE_ID__', '${storageAccountId}/queueServices/default')
  }
}

output id string = workbook.id
