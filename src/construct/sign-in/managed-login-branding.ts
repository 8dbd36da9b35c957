import * as cognito from 'aws-cdk-lib/aws-cognito';

/** A picture of the managed login pages (`AWS::Cognito::ManagedLoginBranding` `Assets`). */
export interface ManagedLoginAsset {
  /** Where it goes: `PAGE_HEADER_LOGO`, `FAVICON_ICO`, `PAGE_BACKGROUND`, `FORM_LOGO`, ... (CloudFormation's list). */
  readonly category: string;
  /** `LIGHT`, `DARK` or `DYNAMIC`. */
  readonly colorMode: string;
  /** `ICO`, `JPEG`, `PNG`, `SVG` or `WEBP`. */
  readonly extension: string;
  /** The file, base64-encoded (at most 900,000 characters: the template must fit CloudFormation's 1 MB). */
  readonly bytes: string;
}

/** Options of `ManagedLoginBranding.custom()`. */
export interface CustomManagedLoginBrandingOptions {
  /**
   * The style as the branding designer writes it (`Settings`), a JSON object as a string, e.g. the
   * content of a file exported from the console.
   */
  readonly settingsJson: string;
  /**
   * Pictures of the pages.
   *
   * @default - none
   */
  readonly assets?: ManagedLoginAsset[];
}

/** The look of the managed login pages (version 2) of the user client. */
export class ManagedLoginBranding {
  /** Cognito's default style. */
  public static cognitoDefault(): ManagedLoginBranding {
    return new ManagedLoginBranding(undefined, []);
  }

  /** Your own style and pictures. */
  public static custom(options: CustomManagedLoginBrandingOptions): ManagedLoginBranding {
    return new ManagedLoginBranding(options.settingsJson, options.assets ?? []);
  }

  private constructor(
    /** @internal */ public readonly _settingsJson: string | undefined,
    /** @internal */ public readonly _assets: ManagedLoginAsset[],
  ) {}

  /** @internal The branding resource's properties for a pool and client. */
  public _properties(userPoolId: string, clientId: string): cognito.CfnManagedLoginBrandingProps {
    if (this._settingsJson === undefined) {
      return { userPoolId, clientId, useCognitoProvidedValues: true };
    }
    return {
      userPoolId,
      clientId,
      useCognitoProvidedValues: false,
      settings: JSON.parse(this._settingsJson),
      assets: this._assets.length > 0
        ? this._assets.map((a) => ({ category: a.category, colorMode: a.colorMode, extension: a.extension, bytes: a.bytes }))
        : undefined,
    };
  }
}
